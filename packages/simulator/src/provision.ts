import type { DeviceKind, SimDevice } from './fleet-types.js';

/** The platform's built-in device profile for each kind (flat key/value where no specific one exists). */
export const PROFILE_OF: Record<DeviceKind, string> = {
  air: 'air-quality', weather: 'weather-station', water: 'water-quality', noise: 'noise-meter', traffic: 'traffic-detector',
  parking: 'parking-sensor', streetlight: 'streetlight-controller', farm: 'soil-sensor',
  manhole: 'flat-keyvalue', fire: 'flat-keyvalue', safety: 'flat-keyvalue', scenic: 'flat-keyvalue', wearable: 'flat-keyvalue',
};

const CORE_CONTEXT = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld';
/** What the device API takes per batch (`MAX_DEVICE_BATCH` of the devices package). */
export const PROVISION_CHUNK = 1000;
/** Entity ids per lookup: the query string must stay well under the 16 kB header limit of Node. */
const LOOKUP_IDS = 100;

export interface ProvisionOptions {
  url: string;
  apiKey: string;
  /** Owning department of the devices (default: none, as the device API defaults). */
  departmentId?: string;
  fetch?: typeof fetch;
  /** Devices per `POST /api/v1/devices/batch` (at most 1000). */
  chunkSize?: number;
  /** Chunks in flight at once (default 2: the server writes one while it reads the next). */
  concurrency?: number;
  /** Attempts per request when the server answers 503/429 or the connection fails. */
  attempts?: number;
  onProgress?: (p: ProvisionProgress) => void;
  /** Waits between attempts (tests replace it). */
  sleep?: (ms: number) => Promise<void>;
}

export interface ProvisionProgress {
  total: number;
  done: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface ProvisionResult extends ProvisionProgress {
  /** Tokens of the devices created by this run: the server shows them this once. */
  tokens: Map<string, string>;
  /** The first 100 item errors. */
  errors: { id: string | null; code: string; message: string }[];
  /** Every device the server refused. */
  failedIds: Set<string>;
  /** Entities whose static facts (and the "simulated" marker) were written. */
  staticWritten: number;
  /** Requests repeated after a 503/429 or a failed connection. */
  retries: number;
  seconds: number;
}

interface BatchAnswer {
  created: number; updated: number; unchanged: number; failed: number;
  items: { index: number; id: string | null; result: 'created' | 'updated' | 'unchanged' | 'error'; credentials?: { token: string }; error?: { code: string; message: string } }[];
}

/** The device's definition for the device API. */
export const deviceDefinition = (d: SimDevice, departmentId?: string) => ({
  id: d.id, name: d.name, profileId: PROFILE_OF[d.kind], divisionCode: d.county, location: { lon: d.lon, lat: d.lat },
  entityId: d.entityId, vendor: 'Zhicheng simulator', model: d.kind, tags: ['simulated', d.kind],
  ...(departmentId ? { departmentId } : {}),
});

/**
 * The entity's static facts in NGSI-LD, marked as simulated so every view can say so. Not its
 * location: the device API writes that from the device's own (so no second geo lookup).
 */
export function staticAttributes(d: SimDevice) {
  const props = Object.fromEntries(Object.entries(d.props).map(([k, v]) => [k, { type: 'Property', value: v }]));
  return {
    name: { type: 'Property', value: d.name },
    simulated: { type: 'Property', value: true },
    dataProvider: { type: 'Property', value: 'Zhicheng simulator (simulated data)' },
    ...props,
    '@context': [CORE_CONTEXT],
  };
}

/**
 * Registers a fleet through the device API's bulk endpoint, `chunkSize` devices per request
 * (one transaction each on the server; two requests in flight), idempotently: a device that exists and is unchanged
 * costs no write, and a rerun creates nothing. Then writes the static facts of the entities
 * that were created or changed, or that lack them (a run stopped between the two steps), with
 * NGSI-LD batch updates. A chunk answered 503/429 (or whose connection failed) is sent again
 * after a backoff (Retry-After when given). This is what `zhicheng simulate`, the in-process
 * demo and the benchmarks use.
 *
 * @example
 *   const r = await provisionFleet(fleet, { url: 'http://localhost:8080', apiKey, onProgress: (p) => console.log(p.done, '/', p.total) });
 *   // r.created, r.unchanged…; r.tokens holds the new devices' tokens
 */
export async function provisionFleet(devices: SimDevice[], o: ProvisionOptions): Promise<ProvisionResult> {
  const started = performance.now();
  const f = o.fetch ?? fetch;
  const base = o.url.replace(/\/$/, '');
  const size = Math.min(Math.max(1, o.chunkSize ?? PROVISION_CHUNK), PROVISION_CHUNK);
  const attempts = o.attempts ?? 10;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const out: ProvisionResult = { total: devices.length, done: 0, created: 0, updated: 0, unchanged: 0, failed: 0, tokens: new Map(), errors: [], failedIds: new Set(), staticWritten: 0, retries: 0, seconds: 0 };

  const call = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> => {
    for (let attempt = 1; ; attempt++) {
      let res: Response | null = null;
      let failure: unknown = null;
      try {
        res = await f(`${base}${path}`, {
          method, headers: { 'x-api-key': o.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (err) {
        failure = err;
      }
      const busy = !res || res.status === 503 || res.status === 429;
      if (!busy) return res!;
      if (attempt >= attempts) throw new Error(`${method} ${path.split('?')[0]} ${res ? `answered ${res.status}` : `failed: ${(failure as Error).message}`} ${attempts} times`);
      const after = Number(res?.headers.get('retry-after'));
      await res?.arrayBuffer().catch(() => undefined);
      out.retries++;
      // Exponential with jitter, capped: 0.25, 0.5, 1, 2, 4, 8 s…
      await sleep(after > 0 ? after * 1000 : Math.min(8000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2));
    }
  };
  const ensure = async (res: Response, ok: number[], what: string) => {
    if (!ok.includes(res.status)) throw new Error(`${what} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res;
  };

  /** Of these devices, the ones whose entity does not carry the simulated marker yet. */
  const lackingStatics = async (list: SimDevice[]): Promise<SimDevice[]> => {
    const parts: SimDevice[][] = [];
    for (let i = 0; i < list.length; i += LOOKUP_IDS) parts.push(list.slice(i, i + LOOKUP_IDS));
    const lacking = await Promise.all(parts.map(async (part) => {
      const q = new URLSearchParams({ id: part.map((d) => d.entityId).join(','), attrs: 'simulated', options: 'keyValues', limit: String(LOOKUP_IDS) });
      const res = await ensure(await call('GET', `/ngsi-ld/v1/entities?${q}`, undefined, { link: `<${CORE_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"` }), [200], 'looking up entities');
      const have = new Set(((await res.json()) as { id: string }[]).map((e) => e.id));
      return part.filter((d) => !have.has(d.entityId));
    }));
    return lacking.flat();
  };

  const provisionChunk = async (chunk: SimDevice[]) => {
    const res = await ensure(await call('POST', '/api/v1/devices/batch', { items: chunk.map((d) => deviceDefinition(d, o.departmentId)) }), [200], 'POST /api/v1/devices/batch');
    const answer = (await res.json()) as BatchAnswer;
    const changed: SimDevice[] = [];
    const unchanged: SimDevice[] = [];
    for (const item of answer.items) {
      const d = chunk[item.index]!;
      if (item.result === 'error') {
        out.failedIds.add(d.id);
        if (out.errors.length < 100) out.errors.push({ id: item.id, code: item.error?.code ?? 'unknown', message: item.error?.message ?? '' });
        continue;
      }
      if (item.credentials) out.tokens.set(d.id, item.credentials.token);
      (item.result === 'unchanged' ? unchanged : changed).push(d);
    }
    const statics = [...changed, ...(await lackingStatics(unchanged))];
    if (statics.length) {
      // The device API created each entity with its Smart Data Models type; append its static facts.
      const body = statics.map((d) => ({ id: d.entityId, ...staticAttributes(d) }));
      const r = await ensure(await call('POST', '/ngsi-ld/v1/entityOperations/update', body, { 'content-type': 'application/ld+json' }), [204, 207], 'writing static attributes');
      const errors = r.status === 207 ? ((await r.json()) as { errors: { entityId: string; error: { detail?: string; title?: string } }[] }).errors : [];
      for (const e of errors.slice(0, Math.max(0, 100 - out.errors.length))) out.errors.push({ id: e.entityId, code: 'static-attributes', message: e.error.detail ?? e.error.title ?? '' });
      out.staticWritten += statics.length - errors.length;
    }
    out.created += answer.created;
    out.updated += answer.updated;
    out.unchanged += answer.unchanged;
    out.failed += answer.failed;
    out.done += chunk.length;
    o.onProgress?.({ total: out.total, done: out.done, created: out.created, updated: out.updated, unchanged: out.unchanged, failed: out.failed });
  };

  // A few workers take the chunks in order; the first failure stops them all.
  let nextChunk = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && nextChunk < devices.length) {
      const from = nextChunk;
      nextChunk += size;
      try {
        await provisionChunk(devices.slice(from, from + size));
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 2) }, worker));
  if (failure !== null) throw failure;
  out.seconds = (performance.now() - started) / 1000;
  return out;
}
