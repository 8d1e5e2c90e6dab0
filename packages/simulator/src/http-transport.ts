import type { DeviceKind, SimDevice } from './fleet-types.js';
import type { SimTransport } from './transport.js';
import { vendorPayload } from './vendor-payloads.js';

/** The platform's built-in device profile for each kind (flat key/value where no specific one exists). */
export const PROFILE_OF: Record<DeviceKind, string> = {
  air: 'air-quality', weather: 'weather-station', water: 'water-quality', noise: 'noise-meter', traffic: 'traffic-detector',
  parking: 'parking-sensor', streetlight: 'streetlight-controller', farm: 'soil-sensor',
  manhole: 'flat-keyvalue', fire: 'flat-keyvalue', safety: 'flat-keyvalue', scenic: 'flat-keyvalue', wearable: 'flat-keyvalue',
};

export interface HttpTransportOptions {
  url: string;
  apiKey: string;
  /** Owning department of the devices (default: the key's own). */
  departmentId?: string;
  fetch?: typeof fetch;
}

/**
 * Sends through the public HTTP interfaces with an API key: devices via `/api/v1/devices`,
 * their static attributes (and the "simulated" marker) via NGSI-LD upsert, readings via
 * `/api/v1/telemetry` in batches.
 */
export function createHttpTransport(o: HttpTransportOptions): SimTransport {
  const f = o.fetch ?? fetch;
  const base = o.url.replace(/\/$/, '');
  const headers = { 'content-type': 'application/json', 'x-api-key': o.apiKey };
  const call = async (method: string, path: string, body: unknown, ok: number[] = [200, 201, 204]) => {
    const r = await f(`${base}${path}`, { method, headers: path.startsWith('/ngsi-ld/') ? { ...headers, 'content-type': 'application/ld+json' } : headers, body: JSON.stringify(body) });
    if (!ok.includes(r.status)) throw new Error(`${method} ${path} answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
    return r;
  };

  return {
    async provision(devices) {
      for (const d of devices) {
        await call('POST', '/api/v1/devices', {
          id: d.id, name: d.name, profileId: PROFILE_OF[d.kind], divisionCode: d.county, location: { lon: d.lon, lat: d.lat },
          entityId: d.entityId, vendor: 'Zhicheng simulator', model: d.kind, tags: ['simulated', d.kind],
          ...(o.departmentId ? { departmentId: o.departmentId } : {}),
        }, [201, 409]);
      }
      // The device API created each entity with its Smart Data Models type; append its static facts.
      for (const d of devices) await call('POST', `/ngsi-ld/v1/entities/${encodeURIComponent(d.entityId)}/attrs`, staticAttributes(d), [204, 207]);
    },
    async send(readings) {
      const items = readings.map((r) => ({ deviceId: r.deviceId, payload: vendorPayload(kindOfId(r.deviceId), r) }));
      const res = await call('POST', '/api/v1/telemetry', { items }, [200, 207]);
      const body = (await res.json()) as { accepted: number; deadLettered: unknown[] };
      return { accepted: body.accepted, rejected: body.deadLettered.length };
    },
    async close() {},
  };
}

/** The entity's static facts in NGSI-LD, marked as simulated so every view can say so. */
function staticAttributes(d: SimDevice) {
  const props = Object.fromEntries(Object.entries(d.props).map(([k, v]) => [k, { type: 'Property', value: v }]));
  return {
    name: { type: 'Property', value: d.name },
    location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [d.lon, d.lat] } },
    simulated: { type: 'Property', value: true },
    dataProvider: { type: 'Property', value: 'Zhicheng simulator (simulated data)' },
    ...props,
    '@context': ['https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld'],
  };
}

/** Simulated device ids are `sim-<kind>-<county>-<n>`, so the kind travels with every reading. */
const kindOfId = (id: string) => id.split('-')[1] as DeviceKind;
