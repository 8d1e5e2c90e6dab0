import type { ObservationBatchItem } from '@zhicheng/context-broker';
import { INGEST, type IngestCode } from '../errors.js';
import { toObservations, type CompiledProfile, type MapResult } from '../profiles/mapping.js';
import type { DeviceDirectory, DeviceInfo } from '../registry/device-directory.js';
import type { DeadLetterInput } from './dead-letters-repository.js';

export type MessageKind = 'telemetry' | 'attributes';

/** One message as a transport received it, before anything is trusted. */
export interface Inbound {
  transport: string;
  /** Set when the transport authenticated the device (MQTT login, device token). */
  device?: DeviceInfo | null;
  /** Claimed device id (topic of an external broker, an API key's batch item). */
  deviceId?: string | null;
  topic?: string | null;
  kind: MessageKind;
  /** Raw bytes, or a value already parsed by the HTTP layer. */
  payload: Buffer | { parsed: unknown };
  receivedAt: number;
}

export type Prepared =
  | { ok: true; item: ObservationBatchItem; points: number; device: DeviceInfo }
  | { ok: false; dead: DeadLetterInput };

const MAX_PAYLOAD = 256 * 1024;

/** A message that cannot be stored as observations, kept as a dead letter with its reason. */
export function deadLetterOf(m: Inbound, deviceId: string | null, code: IngestCode, reason: string): Prepared {
  return {
    ok: false,
    dead: {
      transport: m.transport, deviceId, topic: m.topic ?? null, reasonCode: code, reason, receivedAt: m.receivedAt,
      payload: Buffer.isBuffer(m.payload) ? m.payload : Buffer.from(safeStringify(m.payload.parsed)),
    },
  };
}

/**
 * Parse → identify the device → map with its profile → validate. Never throws: whatever
 * cannot become observations becomes a dead letter with its reason. `prepare.now` does the
 * same at once when nothing has to be awaited (device and profile cached, no JSONata), which
 * is every message of a flat-payload device once it is known; undefined otherwise.
 */
export function createPipeline(dir: DeviceDirectory) {
  const dead = deadLetterOf;

  /** After the device and its profile are known; a promise only when a JSONata mapping runs. */
  function mapWith(m: Inbound, device: DeviceInfo, profile: CompiledProfile | null): Prepared | Promise<Prepared> {
    let payload: unknown;
    if (Buffer.isBuffer(m.payload)) {
      if (m.payload.length > MAX_PAYLOAD) return dead(m, device.id, INGEST.tooLarge, `payload of ${m.payload.length} bytes exceeds ${MAX_PAYLOAD}`);
      try {
        payload = JSON.parse(m.payload.toString('utf8'));
      } catch (err) {
        return dead(m, device.id, INGEST.malformed, `not JSON: ${(err as Error).message.slice(0, 200)}`);
      }
    } else payload = m.payload.parsed;
    if (!profile) return dead(m, device.id, INGEST.mapping, `profile ${device.profileId} is missing or its expression does not compile`);
    // Attributes (static facts the device reports) bypass the telemetry mapping: flat names as sent.
    const r = m.kind === 'attributes' ? toObservations({ ...profile, strict: false, attributes: {} }, payload, m.receivedAt) : profile.map(payload, m.receivedAt);
    return r instanceof Promise ? r.then((x) => result(m, device, x)) : result(m, device, r);
  }

  function result(m: Inbound, device: DeviceInfo, r: MapResult): Prepared {
    if (!r.ok) return dead(m, device.id, r.code, r.reason);
    return {
      ok: true,
      device,
      points: r.observations.length,
      item: { entityId: device.entityId, entityType: device.entityType, departmentId: device.departmentId, divisionCode: device.divisionCode, attrs: r.observations },
    };
  }

  const unexpected = (m: Inbound, err: unknown) => dead(m, m.device?.id ?? m.deviceId ?? null, INGEST.mapping, `unexpected: ${(err as Error).message?.slice(0, 200)}`);

  async function prepare(m: Inbound): Promise<Prepared> {
    try {
      const device = m.device ?? (m.deviceId ? await dir.get(m.deviceId) : null);
      if (!device) return dead(m, m.deviceId ?? null, INGEST.unknownDevice, `no device ${m.deviceId ?? '(none named)'} is registered`);
      return await mapWith(m, device, await dir.profile(device.profileId));
    } catch (err) {
      return unexpected(m, err);
    }
  }

  prepare.now = (m: Inbound): Prepared | undefined => {
    try {
      const device = m.device;
      const profile = device ? dir.peekProfile(device.profileId) : undefined;
      if (!device || profile === undefined || (profile && profile.expression !== null && m.kind !== 'attributes')) return undefined;
      return mapWith(m, device, profile) as Prepared;
    } catch (err) {
      return unexpected(m, err);
    }
  };
  return prepare;
}

function safeStringify(v: unknown): string {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return String(v);
  }
}
