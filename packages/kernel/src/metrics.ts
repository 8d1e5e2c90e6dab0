import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from './db/types.js';

export type { Registry };

/**
 * One registry per platform instance (tests boot several in one process), with process,
 * HTTP and database pool metrics. Modules add theirs to the same registry.
 */
export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'zc_' });
  const httpDuration = new Histogram({
    name: 'zc_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const httpTotal = new Counter({
    name: 'zc_http_requests_total',
    help: 'HTTP requests by method, route template and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const stat = (key: 'max' | 'busy' | 'waiting') =>
    function (this: Gauge) {
      this.set(db.poolStats()[key]);
    };
  new Gauge({ name: 'zc_db_pool_max', help: 'Database connections allowed in the pool.', registers: [registry], collect: stat('max') });
  new Gauge({ name: 'zc_db_pool_busy', help: 'Database connections running a query now.', registers: [registry], collect: stat('busy') });
  new Gauge({ name: 'zc_db_pool_waiting', help: 'Queries waiting for a free connection.', registers: [registry], collect: stat('waiting') });
  new Gauge({
    name: 'zc_db_info', help: 'Database engine in use (label engine).', labelNames: ['engine'] as const, registers: [registry],
    collect() {
      this.set({ engine: db.engine }, 1);
    },
  });
  return { registry, httpDuration, httpTotal };
}

export type Metrics = ReturnType<typeof createMetrics>;
