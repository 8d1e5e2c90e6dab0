import { LIANGSHAN_COUNTIES } from './counties.js';

/**
 * The ingestion load: devices that each send ten numeric values per message in the
 * ThingsBoard shape `{"ts", "values": {…}}` (built-in profile `flat-keyvalue`), registered
 * through the bulk device API like any integrator's fleet. Each gets its own token (from the
 * batch answer, shown once) and so logs in with authentication and topic ACLs on.
 */
export const FLAT_VALUE_NAMES = ['pm25', 'pm10', 'no2', 'o3', 'so2', 'co', 'temperature', 'relativeHumidity', 'windSpeed', 'atmosphericPressure'];


export interface FlatDevice {
  id: string;
}

export async function provisionFlatFleet(url: string, apiKey: string, n: number): Promise<{ devices: FlatDevice[]; tokens: Record<string, string>; seconds: number }> {
  const t0 = performance.now();
  const devices: FlatDevice[] = [];
  const tokens: Record<string, string> = {};
  for (let s = 0; s < n; s += 1000) {
    const items = Array.from({ length: Math.min(1000, n - s) }, (_, k) => {
      const i = s + k;
      return {
        id: `bench-flat-${i}`, name: `Bench station ${i}`, profileId: 'flat-keyvalue', divisionCode: LIANGSHAN_COUNTIES[i % LIANGSHAN_COUNTIES.length]!,
        entityId: `urn:ngsi-ld:DeviceMeasurement:bench-flat-${i}`,
      };
    });
    const res = await fetch(`${url.replace(/\/$/, '')}/api/v1/devices/batch`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify({ items }),
    });
    if (res.status !== 200) throw new Error(`device batch answered ${res.status}: ${await res.text()}`);
    const answer = (await res.json()) as { items: { id: string | null; result: string; credentials?: { token: string }; error?: unknown }[] };
    for (const it of answer.items) {
      if (!it.id || !it.credentials?.token) throw new Error(`device not created: ${JSON.stringify(it)}`);
      devices.push({ id: it.id });
      tokens[it.id] = it.credentials.token;
    }
  }
  return { devices, tokens, seconds: (performance.now() - t0) / 1000 };
}

/** A message of ten plausible values at `at` (epoch ms), seeded by the device and the instant. */
export function flatMessage(id: string, at: number, seq: number): { topic: string; payload: string } {
  const values: Record<string, number> = {};
  FLAT_VALUE_NAMES.forEach((name, k) => {
    values[name] = Math.round((50 + 40 * Math.sin(seq / 7 + k + id.length)) * 10) / 10;
  });
  return { topic: `zc/v1/devices/${id}/telemetry`, payload: JSON.stringify({ ts: at, values }) };
}
