import { readFileSync } from 'node:fs';
import { geoServiceKey } from '@zhicheng/geo';
import { bootPlatform, createLogger, loadConfig, openDb, runMigrations, type Config } from '@zhicheng/kernel';
import { modules, VERSION } from '@zhicheng/server';
import { CliError } from '../run-command.js';

function configFrom(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, ...overrides });
}

/** Applies pending migrations of every module, then exits. */
export async function migrate(): Promise<void> {
  const config = configFrom();
  const db = await openDb(config);
  try {
    const applied = await runMigrations(db, modules.flatMap((m) => m.migrations ?? []));
    console.log(applied.length ? `Applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m.module}/${String(m.version).padStart(4, '0')}_${m.name}`).join('\n')}` : 'The database is up to date.');
  } finally {
    await db.close();
  }
}

/** Boots the platform without serving, so every module's seed runs, then stops. */
async function withPlatform<T>(overrides: Record<string, string>, fn: (p: Awaited<ReturnType<typeof bootPlatform>>) => Promise<T>): Promise<T> {
  const config = configFrom(overrides);
  const platform = await bootPlatform({ config, modules, version: VERSION, log: createLogger({ LOG_LEVEL: 'warn' }), listen: false, mqtt: false });
  try {
    return await fn(platform);
  } finally {
    await platform.close();
  }
}

export async function seedDemo(): Promise<void> {
  await withPlatform({ ZC_DEMO: 'on' }, async () => {
    console.log('Demo prefecture seeded (reference divisions and boundaries, demo accounts and data of every module).');
  });
}

export async function importBoundaries(file: string, opts: { codeProperty?: string; nameProperty?: string }): Promise<number> {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(`Cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  return withPlatform({}, async (p) => {
    const result = await p.ctx.services.get(geoServiceKey).importBoundaries(input, { ...opts, source: `import of ${file}` });
    if (result.errors.length) {
      console.error(`Nothing was imported: ${result.errors.length} feature(s) are invalid.`);
      for (const e of result.errors.slice(0, 50)) console.error(`  feature #${e.index}${e.code ? ` (${e.code})` : ''}: ${e.reason}`);
      return 1;
    }
    console.log(`Imported boundaries: ${result.inserted} new, ${result.updated} updated.`);
    return 0;
  });
}
