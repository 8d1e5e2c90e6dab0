import type { MessageKind } from '../ingest/pipeline.js';

/**
 * Topic layout (see README):
 *   zc/v1/devices/{deviceId}/telemetry    readings, mapped by the device's profile
 *   zc/v1/devices/{deviceId}/attributes   static facts, flat { key: value }
 *   zc/v1/devices/{deviceId}/status       "online" / "offline" (set it as the MQTT will)
 *   v1/devices/me/telemetry | attributes  ThingsBoard device API (token as MQTT username)
 */
export type TopicMatch = { deviceId: string | null; kind: MessageKind | 'status' } | null;

const ZC = /^zc\/v1\/devices\/([A-Za-z0-9][A-Za-z0-9._:-]{0,99})\/(telemetry|attributes|status)$/;

export function parseTopic(topic: string): TopicMatch {
  if (topic === 'v1/devices/me/telemetry') return { deviceId: null, kind: 'telemetry' };
  if (topic === 'v1/devices/me/attributes') return { deviceId: null, kind: 'attributes' };
  const m = ZC.exec(topic);
  return m ? { deviceId: m[1]!, kind: m[2] as MessageKind | 'status' } : null;
}

export const telemetryTopic = (deviceId: string) => `zc/v1/devices/${deviceId}/telemetry`;
/** What the ingest processes subscribe to on an external broker. */
export const EXTERNAL_FILTERS = ['zc/v1/devices/+/telemetry', 'zc/v1/devices/+/attributes', 'zc/v1/devices/+/status'];

export function isOfflineStatus(payload: Buffer): boolean {
  const s = payload.toString('utf8').trim().toLowerCase();
  if (s === 'offline' || s === '0' || s === 'false') return true;
  try {
    const j = JSON.parse(s) as { status?: unknown; online?: unknown };
    return j.status === 'offline' || j.online === false;
  } catch {
    return false;
  }
}
