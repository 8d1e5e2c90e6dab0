import { bootPlatform, createLogger, loadConfig, type Config, type Platform } from '@zhicheng/kernel';
import { modules } from './modules.js';
import { VERSION } from './version.js';

export interface RunningServer {
  platform: Platform;
  config: Config;
  /** Graceful stop: stop accepting, flush, close the database; at most ZC_SHUTDOWN_TIMEOUT_MS. */
  stop(reason: string): Promise<void>;
}

/** Reads the configuration once and boots every module of the list. */
export async function startServer(env: Record<string, string | undefined> = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const log = createLogger(config);
  const t0 = Date.now();
  const platform = await bootPlatform({ config, modules, version: VERSION, log });
  log.info({
    url: platform.url, mqtt: platform.ctx.mqtt?.status(), database: platform.ctx.db.engine, bus: platform.ctx.bus.mode,
    demo: platform.ctx.demo, startupMs: Date.now() - t0,
  }, 'Zhicheng is running');
  return {
    platform,
    config,
    async stop(reason) {
      log.info({ reason }, 'shutting down');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log.error({ timeoutMs: config.ZC_SHUTDOWN_TIMEOUT_MS }, 'graceful shutdown timed out');
          resolve();
        }, config.ZC_SHUTDOWN_TIMEOUT_MS);
      });
      await Promise.race([platform.close(), timeout]);
      clearTimeout(timer);
      log.info('stopped');
    },
  };
}
