import { Counter } from 'prom-client';
import { createSerialRunner, serviceKey, type Db, type Logger, type Metrics, type Queryable, type SecretBox } from '@zhicheng/kernel';
import { deleteCommands, firstFailure, upsertCommands, type DynsecClient, type DynsecCommand } from './dynsec-client.js';

/**
 * Where the registry tells the MQTT broker about device credentials. With the embedded
 * broker (or an external one managed by hand) this does nothing; with ZC_MQTT_DYNSEC=on it
 * is the outbox below.
 */
export interface BrokerCredentials {
  /**
   * The device's MQTT login is now (device id, `token`): created, rotated, re-imported,
   * self-registered. Given `tx`, recorded in that transaction: call `notify()` after its commit.
   */
  upsert(list: { deviceId: string; token: string }[], tx?: Queryable): Promise<void>;
  /** The device is gone: end its connections and remove its login and role. */
  remove(deviceId: string): Promise<void>;
  /** Changes were committed: deliver them now rather than at the next round. */
  notify(): void;
}

export const NO_BROKER_CREDENTIALS: BrokerCredentials = { upsert: async () => {}, remove: async () => {}, notify: () => {} };

/** For operators and tests: what still waits to reach the broker. */
export interface BrokerSyncService {
  pending(): Promise<number>;
  /** Delivers everything due now (this process needs the external broker connection). */
  flush(): Promise<void>;
}

export const brokerSyncServiceKey = serviceKey<BrokerSyncService>('devices.brokerSync');

interface Row { device_id: string; op: 'upsert' | 'delete'; secret_sealed: string | null; version: number; attempts: number }

const LEASE_SECONDS = 60;
const BATCH = 50;
const backoffSeconds = (attempts: number) => Math.min(2 ** attempts, 300);

/**
 * Mosquitto dynamic-security sync through an outbox (`devices.broker_sync`): the registry
 * writes one row per changed device (its new password sealed with the platform's secret key,
 * since only the token's hash is kept); processes connected to the external broker deliver
 * due rows in batches of commands to the plugin and delete them, retrying with backoff while
 * the broker is unreachable or refuses. A device's latest change supersedes an undelivered
 * older one; a row changed during its delivery is delivered again. Rows are leased (not
 * locked for the duration) so several processes can share the work.
 */
export function createBrokerSync(o: { db: Db; secrets: SecretBox; log: Logger; metrics: Metrics; dynsec: DynsecClient | null; intervalMs?: number }) {
  const registers = [o.metrics.registry];
  const synced = new Counter({ name: 'zc_mqtt_dynsec_sync_total', help: 'Device credential changes pushed to the Mosquitto dynamic-security plugin, by result.', labelNames: ['result'] as const, registers });
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  async function enqueue(rows: { deviceId: string; op: 'upsert' | 'delete'; sealed: string | null }[], tx?: Queryable) {
    if (!rows.length) return;
    await (tx ?? o.db).query(
      `insert into devices.broker_sync (device_id, op, secret_sealed)
       select * from unnest($1::text[], $2::text[], $3::text[])
       on conflict (device_id) do update set op = excluded.op, secret_sealed = excluded.secret_sealed, version = devices.broker_sync.version + 1,
         attempts = 0, next_at = now(), last_error = null, updated_at = now()`,
      [rows.map((r) => r.deviceId), rows.map((r) => r.op), rows.map((r) => r.sealed)],
    );
    if (!tx) void kick();
  }

  async function lease(): Promise<Row[]> {
    return o.db.query<Row>(
      `update devices.broker_sync set next_at = now() + make_interval(secs => $1::float8) where device_id in (
         select device_id from devices.broker_sync where next_at <= now() order by next_at limit $2 for update skip locked)
       returning device_id, op, secret_sealed, version, attempts`,
      [LEASE_SECONDS, BATCH],
    );
  }

  async function settle(r: Row, failure: string | null) {
    if (!failure) {
      await o.db.query('delete from devices.broker_sync where device_id = $1 and version = $2', [r.device_id, r.version]);
      synced.inc({ result: 'ok' });
      return;
    }
    synced.inc({ result: 'failed' });
    o.log.warn({ deviceId: r.device_id, attempts: r.attempts + 1, error: failure }, 'dynamic-security: device credentials not pushed yet; retrying');
    await o.db.query(
      `update devices.broker_sync set attempts = attempts + 1, last_error = $3, next_at = now() + make_interval(secs => $4::float8), updated_at = now()
       where device_id = $1 and version = $2`,
      [r.device_id, r.version, failure.slice(0, 500), backoffSeconds(r.attempts)],
    );
  }

  async function deliver(dynsec: DynsecClient, rows: Row[]) {
    const ranges: { row: Row; from: number; to: number }[] = [];
    const commands: DynsecCommand[] = [];
    for (const row of rows) {
      const from = commands.length;
      if (row.op === 'delete') commands.push(...deleteCommands(row.device_id));
      else commands.push(...upsertCommands(row.device_id, o.secrets.open(row.secret_sealed!)));
      ranges.push({ row, from, to: commands.length });
    }
    let responses;
    try {
      responses = await dynsec.run(commands);
    } catch (err) {
      for (const r of rows) await settle(r, (err as Error).message);
      return;
    }
    for (const { row, from, to } of ranges) await settle(row, responses.length >= to ? firstFailure(responses.slice(from, to)) : 'no answer for this device');
  }

  async function drain(): Promise<void> {
    const dynsec = o.dynsec;
    if (!dynsec) return;
    for (;;) {
      const rows = await lease();
      if (!rows.length) return;
      await deliver(dynsec, rows);
    }
  }

  const syncing = createSerialRunner(drain, { onError: (err) => o.log.error({ err }, 'dynamic-security sync failed; retrying later'), stopped: () => stopped });
  const kick = (): Promise<void> => (!o.dynsec || stopped ? Promise.resolve() : syncing.run());

  const credentials: BrokerCredentials = {
    upsert: (list, tx) => enqueue(list.map((x) => ({ deviceId: x.deviceId, op: 'upsert', sealed: o.secrets.seal(x.token) })), tx),
    remove: (deviceId) => enqueue([{ deviceId, op: 'delete', sealed: null }]),
    notify: () => void kick(),
  };

  const service: BrokerSyncService = {
    async pending() {
      const [r] = await o.db.query<{ n: number }>('select count(*)::int as n from devices.broker_sync');
      return r?.n ?? 0;
    },
    async flush() {
      await kick();
      // A kick that was already running may have started before the latest rows: one more pass.
      await kick();
    },
  };

  return {
    credentials,
    service,
    start() {
      if (!o.dynsec) return;
      timer = setInterval(() => void kick(), o.intervalMs ?? 5000);
      timer.unref();
      void kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await syncing.idle();
      o.dynsec?.close();
    },
  };
}

export type BrokerSync = ReturnType<typeof createBrokerSync>;
