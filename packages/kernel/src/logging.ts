import { pino, type Logger } from 'pino';
import type { Config } from './config/schema.js';

export type { Logger };

/** Structured JSON logs; the request id is bound per request by the HTTP layer. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'zhicheng', ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'password', '*.password'], censor: '[redacted]' },
  });
}
