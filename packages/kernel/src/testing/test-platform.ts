import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging.js';
import type { ModuleManifest } from '../module.js';
import { bootPlatform, type Platform } from '../platform.js';
import { openScratchDb, type Engine } from './test-databases.js';

export interface TestPlatformOptions {
  modules: ModuleManifest[];
  /** Extra settings; PORT/MQTT_PORT default to 0 and the data folder to a temp dir. */
  env?: Record<string, string>;
  /** Start MQTT (embedded broker on a free port) — off by default for API tests. */
  mqtt?: boolean;
  listen?: boolean;
}

export interface TestPlatform extends Platform {
  engine: Engine;
  dataDir: string;
  /** Closes the platform, drops the scratch database, removes the temp folder. */
  dispose(): Promise<void>;
}

/** Boots the whole platform on a scratch database for API tests through `app.inject()`. */
export async function createTestPlatform(engine: Engine, opts: TestPlatformOptions): Promise<TestPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zc-test-'));
  const scratch = await openScratchDb(engine);
  const config = loadConfig({
    PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.ZC_TEST_LOG_LEVEL ?? 'silent', ZC_DATA_DIR: dataDir,
    ZC_ADMIN_PASSWORD: 'Admin#Test2026', ZC_DEMO_PASSWORD: 'Demo#Test2026', ZC_DEMO: 'on', ZC_SIMULATOR: 'off',
    ...(scratch.url ? { DATABASE_URL: scratch.url } : {}),
    ...opts.env,
  });
  try {
    const platform = await bootPlatform({
      config, modules: opts.modules, version: 'test', log: createLogger(config), db: scratch.db, keepDb: true,
      mqtt: opts.mqtt ?? false, listen: opts.listen ?? false,
    });
    return {
      ...platform, engine, dataDir,
      async dispose() {
        await platform.close();
        await scratch.dispose();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await scratch.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}
