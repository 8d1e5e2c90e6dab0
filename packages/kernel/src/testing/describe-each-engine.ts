import { afterAll, beforeAll, describe } from 'vitest';
import { runMigrations } from '../db/migrations.js';
import type { Db } from '../db/types.js';
import type { ModuleManifest } from '../module.js';
import { openScratchDb, testEngines, type Engine, type ScratchDb } from './test-databases.js';
import { createTestPlatform, type TestPlatform, type TestPlatformOptions } from './test-platform.js';

/**
 * Module tests against a real database: the suite runs once per engine (PGlite always,
 * PostgreSQL when DATABASE_URL is set), each on its own scratch database with the given
 * modules' migrations applied.
 *
 * @example
 *   describeWithDb('divisions repository', [geo], (t) => {
 *     it('lists', async () => { expect(await createDivisionsRepository(t.db()).count()).toBe(0); });
 *   });
 */
export function describeWithDb(title: string, modules: ModuleManifest[], body: (t: { engine: Engine; db(): Db; url(): string | null }) => void) {
  for (const engine of testEngines()) {
    describe(`${title} [${engine}]`, () => {
      let scratch: ScratchDb | undefined;
      beforeAll(async () => {
        scratch = await openScratchDb(engine);
        await runMigrations(scratch.db, modules.flatMap((m) => m.migrations ?? []));
      });
      afterAll(async () => {
        await scratch?.dispose();
      });
      body({
        engine,
        db: () => scratch!.db,
        url: () => scratch!.url,
      });
    });
  }
}

/** API tests: the whole platform booted on each engine, reached through `app.inject()`. */
export function describeWithPlatform(title: string, opts: TestPlatformOptions, body: (t: { engine: Engine; platform(): TestPlatform }) => void) {
  for (const engine of testEngines()) {
    describe(`${title} [${engine}]`, () => {
      let p: TestPlatform | undefined;
      beforeAll(async () => {
        p = await createTestPlatform(engine, opts);
      });
      afterAll(async () => {
        await p?.dispose();
      });
      body({ engine, platform: () => p! });
    });
  }
}
