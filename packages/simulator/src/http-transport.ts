import type { DeviceKind } from './fleet-types.js';
import { provisionFleet } from './provision.js';
import type { SimTransport } from './transport.js';
import { vendorPayload } from './vendor-payloads.js';

export interface HttpTransportOptions {
  url: string;
  apiKey: string;
  /** Owning department of the devices (default: none, as the device API defaults). */
  departmentId?: string;
  fetch?: typeof fetch;
  /** Devices per provisioning request (default and maximum 1000). */
  provisionChunk?: number;
  /** Provisioning requests in flight (default 2). */
  provisionConcurrency?: number;
}

/**
 * Sends through the public HTTP interfaces with an API key: devices via the bulk device API
 * (`provisionFleet`), their static attributes (and the "simulated" marker) via NGSI-LD batch
 * update, readings via `/api/v1/telemetry` in batches.
 */
export function createHttpTransport(o: HttpTransportOptions): SimTransport {
  const f = o.fetch ?? fetch;
  const base = o.url.replace(/\/$/, '');
  const headers = { 'content-type': 'application/json', 'x-api-key': o.apiKey };

  return {
    provision: (devices, onProgress) =>
      provisionFleet(devices, {
        url: o.url, apiKey: o.apiKey, fetch: f, ...(o.departmentId ? { departmentId: o.departmentId } : {}), ...(o.provisionChunk ? { chunkSize: o.provisionChunk } : {}),
        ...(o.provisionConcurrency ? { concurrency: o.provisionConcurrency } : {}), ...(onProgress ? { onProgress } : {}),
      }),
    async send(readings) {
      const items = readings.map((r) => ({ deviceId: r.deviceId, payload: vendorPayload(kindOfId(r.deviceId), r) }));
      const res = await f(`${base}/api/v1/telemetry`, { method: 'POST', headers, body: JSON.stringify({ items }) });
      if (res.status !== 200) throw new Error(`POST /api/v1/telemetry answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const body = (await res.json()) as { accepted: number; deadLettered: unknown[] };
      return { accepted: body.accepted, rejected: body.deadLettered.length };
    },
    async close() {},
  };
}

/** Simulated device ids are `sim-<kind>-<county>-<n>`, so the kind travels with every reading. */
const kindOfId = (id: string) => id.split('-')[1] as DeviceKind;
