import { countyShapesFrom, createHttpTransport, createMqttTransport, generateFleet, SCENARIOS, SimulatorRunner, type ScenarioName } from '@zhicheng/simulator';
import { CliError } from '../run-command.js';

export interface SimulateOptions {
  url: string;
  apiKey?: string;
  devices: string;
  seed: string;
  interval?: string;
  speed: string;
  scenario?: string[];
  backfillDays?: string;
  duration?: string;
  provision: boolean;
  transport: string;
  mqttUrl?: string;
}

/** `30s`, `5m`, `1h` or milliseconds. */
export function parseDuration(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(v.trim());
  if (!m) throw new CliError(`"${v}" is not a duration (e.g. 30s, 5m, 1h)`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'ms') as 'ms']!;
}

/**
 * Runs the simulated Liangshan fleet against any Zhicheng server through its public device
 * interfaces: provision (idempotent, 1,000 devices per request through the bulk device API),
 * optionally backfill past days, then report live.
 */
export async function simulate(o: SimulateOptions): Promise<void> {
  const apiKey = o.apiKey ?? process.env.ZC_SIMULATOR_API_KEY ?? process.env.ZC_BOOTSTRAP_API_KEY;
  if (!apiKey) throw new CliError('An API key with devices:manage, telemetry:write and entities:write is needed: --api-key or ZC_SIMULATOR_API_KEY.');
  const scenarios = (o.scenario ?? []) as ScenarioName[];
  for (const s of scenarios) if (!(s in SCENARIOS)) throw new CliError(`Unknown scenario ${s}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const res = await fetch(`${o.url.replace(/\/$/, '')}/api/v1/geo/boundaries?level=county`, { headers: { 'x-api-key': apiKey } }).catch((err: Error) => {
    throw new CliError(`Cannot reach ${o.url}: ${err.message}`);
  });
  if (res.status !== 200) throw new CliError(`${o.url} answered ${res.status} for the county boundaries: is the API key valid?`);
  const counties = countyShapesFrom((await res.json()) as Parameters<typeof countyShapesFrom>[0]);
  const fleet = generateFleet(counties, { seed: Number(o.seed), devices: Number(o.devices) });
  if (o.interval) for (const d of fleet) d.intervalMs = parseDuration(o.interval);
  if (o.transport !== 'http' && o.transport !== 'mqtt') throw new CliError(`--transport is http or mqtt, not ${o.transport}`);
  if (o.transport === 'mqtt' && !o.provision) throw new CliError('--transport mqtt needs provisioning: each device gets its token when its credentials are rotated.');
  const transport = o.transport === 'mqtt'
    ? createMqttTransport({ url: o.url, apiKey, mqttUrl: o.mqttUrl ?? `mqtt://${new URL(o.url).hostname}:1883` })
    : createHttpTransport({ url: o.url, apiKey });
  if (o.provision) {
    process.stdout.write(`Provisioning ${fleet.length} simulated devices…\n`);
    const r = await transport.provision(fleet, (p) => progress('Provisioning', p.done / p.total));
    process.stdout.write(process.stdout.isTTY ? '\n' : '');
    process.stdout.write(`Provisioned ${r.total} devices in ${r.seconds.toFixed(1)} s (${Math.round(r.total / r.seconds)} devices/s): `
      + `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.failed} failed.\n`);
    for (const e of r.errors.slice(0, 10)) process.stderr.write(`simulate: device ${e.id ?? '?'}: ${e.code} ${e.message}\n`);
  }
  const runner = new SimulatorRunner({ fleet, transport, speed: Number(o.speed), onError: (err) => process.stderr.write(`simulate: ${(err as Error).message}\n`) });
  if (o.backfillDays) {
    const to = Date.now();
    const from = to - Number(o.backfillDays) * 86_400_000;
    await runner.backfill(from, to, (p) => progress('Backfill', p));
    process.stdout.write('\n');
  }
  runner.start();
  for (const s of scenarios) runner.startScenario(s);
  process.stdout.write(`Simulating ${fleet.length} devices at ${o.speed}× (scenarios: ${scenarios.join(', ') || 'none'}). Ctrl-C stops.\n`);
  const report = setInterval(() => {
    const s = runner.stats();
    process.stdout.write(`[${s.simTime}] sent ${s.sent}, rejected ${s.rejected}, failed batches ${s.failedBatches}\n`);
  }, 10_000);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (o.duration) setTimeout(stop, parseDuration(o.duration));
  });
  clearInterval(report);
  await runner.stop();
  await transport.close();
  const s = runner.stats();
  process.stdout.write(`Stopped: sent ${s.sent}, rejected ${s.rejected}, failed batches ${s.failedBatches}.\n`);
}

function progress(label: string, p: number) {
  const width = 30;
  const done = Math.round(p * width);
  const bar = `${label} [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.round(p * 100)}%`;
  process.stdout.write(process.stdout.isTTY ? `\r${bar}` : `${bar}\n`);
}
