import type { ObservationBatchItem } from '@zhicheng/context-broker';
import type { DeviceInfo } from '../registry/device-directory.js';
import type { Prepared } from '../ingest/pipeline.js';

/**
 * Prepared messages as JSON for the JetStream hand-off. Observation instants are fixed at
 * ingest (ISO strings), so a redelivered batch writes the same (entity, instant) keys and the
 * history stays as it was; dead letters carry a source key for the same reason.
 */
interface WireOk { k: 'o'; d: string; n: number; i: ObservationBatchItem }
interface WireDead { k: 'd'; t: string; d: string | null; tp: string | null; c: string; r: string; p: string; at: number }

export function encodeBatch(list: Prepared[]): Uint8Array {
  const wire = list.map((p): WireOk | WireDead => p.ok
    ? { k: 'o', d: p.device.id, n: p.points, i: p.item }
    : { k: 'd', t: p.dead.transport, d: p.dead.deviceId, tp: p.dead.topic, c: p.dead.reasonCode, r: p.dead.reason, p: p.dead.payload.toString('base64'), at: p.dead.receivedAt });
  return Buffer.from(JSON.stringify(wire));
}

export function decodeBatch(data: Uint8Array, sourcePrefix: string): Prepared[] {
  const wire = JSON.parse(Buffer.from(data).toString('utf8')) as (WireOk | WireDead)[];
  return wire.map((w, idx): Prepared => {
    if (w.k === 'o') {
      const device = { id: w.d } as DeviceInfo;
      return { ok: true, device, points: w.n, item: w.i };
    }
    return { ok: false, dead: { transport: w.t, deviceId: w.d, topic: w.tp, reasonCode: w.c, reason: w.r, payload: Buffer.from(w.p, 'base64'), receivedAt: w.at, sourceKey: `${sourcePrefix}:${idx}` } };
  });
}
