import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDb } from '../src/db/postgres-db.js';
import type { Db } from '../src/db/types.js';
import { defineModule } from '../src/module.js';
import { createTestPlatform, type TestPlatform } from '../src/testing/index.js';

/** A route that holds a transaction open for a while, so the test can end its connection meanwhile. */
const slow = defineModule({
  name: 'slow-probe',
  routes(app, ctx) {
    app.post('/api/v1/probe/slow-write', { config: { public: true } }, async () => ctx.db.transaction(async (tx) => {
      await tx.query('select pg_sleep(2)', []);
      return { done: true };
    }));
  },
});

// PostgreSQL ends the platform's connections (restart, failover, an operator) while a request
// is inside a transaction: that request gets a 503 with a stable code and Retry-After, the
// process stays up, and the next requests are served on new connections.
describe.skipIf(!process.env.DATABASE_URL)('HTTP when the database connection is lost (DATABASE_URL)', () => {
  let p: TestPlatform;
  let admin: Db;
  beforeAll(async () => {
    p = await createTestPlatform('postgres', { modules: [slow] });
    admin = openPostgresDb(p.ctx.config.DATABASE_URL!, { max: 1, applicationName: 'zc-test-admin' });
  });
  afterAll(async () => {
    await admin?.close();
    await p?.dispose();
  });

  it('answers 503 ERR_DATABASE_UNAVAILABLE with Retry-After, then serves the next requests', async () => {
    const pending = p.app.inject({ method: 'POST', url: '/api/v1/probe/slow-write' });
    await new Promise((r) => setTimeout(r, 300));
    await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and application_name <> 'zc-test-admin'", []);
    const r = await pending;
    expect(r.statusCode).toBe(503);
    expect(r.headers['retry-after']).toBe('1');
    expect(r.json()).toMatchObject({ code: 'ERR_DATABASE_UNAVAILABLE', status: 503 });
    const again = await p.app.inject({ method: 'POST', url: '/api/v1/probe/slow-write' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ done: true });
  });
});
