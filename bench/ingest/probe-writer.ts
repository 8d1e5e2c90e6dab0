// Probe: time of one context-broker writeObservations batch (n entities × 10 attributes) on a scratch database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import audit from '@zhicheng/audit';
import contextBroker, { contextBrokerServiceKey } from '@zhicheng/context-broker';
import geo from '@zhicheng/geo';
import identity from '@zhicheng/identity';
import { bootPlatform, createLogger, loadConfig, rawPostgres } from '@zhicheng/kernel';

const n = Number(process.argv[2] ?? 5000);
const rounds = Number(process.argv[3] ?? 6);
const perEntity = Number(process.argv[4] ?? 1);
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `zc_probe_${Date.now().toString(36)}`;
const admin = rawPostgres(base, 1);
await admin.unsafe(`create database ${dbName}`);
const url = Object.assign(new URL(base), { pathname: `/${dbName}` }).toString();
const config = loadConfig({ DATABASE_URL: url, ZC_DATA_DIR: mkdtempSync(join(tmpdir(), 'zc-probe-')), LOG_LEVEL: 'warn', ZC_DEMO: 'off', ZC_ADMIN_PASSWORD: 'Admin#Bench2026' });
const platform = await bootPlatform({ config, modules: [geo, audit, identity, contextBroker], version: 'probe', log: createLogger(config), listen: false, mqtt: false });
const broker = platform.ctx.services.get(contextBrokerServiceKey);
const t0 = Date.now();
for (let r = 0; r < rounds; r++) {
  const at = new Date(t0 + r * 1000);
  const batch = Array.from({ length: n * perEntity }, (_, k) => ({
    entityId: `urn:ngsi-ld:DeviceMeasurement:b${k % n}`, entityType: 'DeviceMeasurement', departmentId: null, divisionCode: '513401',
    attrs: Array.from({ length: 10 }, (_, j) => ({ name: `v${j}`, value: Math.random() * 100, observedAt: new Date(at.getTime() + Math.floor(k / n) * 100) })),
  }));
  const s = performance.now();
  await broker.writeObservations(batch);
  const ms = performance.now() - s;
  console.log(`round ${r}: ${n} entities × ${perEntity} messages × 10 in ${ms.toFixed(0)} ms → ${Math.round((n * perEntity * 10) / (ms / 1000))} points/s`);
}
await platform.close();
if (process.env.KEEP) console.log(`kept ${dbName}`); else await admin.unsafe(`drop database ${dbName} with (force)`);
await admin.end();
