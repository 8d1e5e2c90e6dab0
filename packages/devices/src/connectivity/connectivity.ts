import type { Bus, Db, Logger } from '@zhicheng/kernel';
import type { DeviceDirectory } from '../registry/device-directory.js';

export const DEVICE_ONLINE = 'devices.device.online';
export const DEVICE_OFFLINE = 'devices.device.offline';

/** Payload of `devices.device.online` / `devices.device.offline`. */
export interface DeviceStatusEvent {
  deviceId: string;
  entityId: string;
  departmentId: string | null;
  divisionCode: string | null;
  /** ISO 8601. */
  at: string;
  /** online: `message`; offline: `inactivity`, `disconnect`, `will`, `keepalive`. */
  reason: string;
}

interface ChangedRow { id: string; was: string; entity_id: string; department_id: string | null; division_code: string | null }

/**
 * Online/offline state. Last-seen times stay in memory and are flushed in one statement per
 * interval (never one UPDATE per message); the flush also marks the devices online, and the
 * database says which of them were not online before, so several ingest processes agree on
 * one transition. A sweep turns devices silent for longer than their profile's inactivity
 * timeout offline; disconnects and will messages do so at once.
 */
export function createConnectivity(o: { db: Db; bus: Bus; dir: DeviceDirectory; log: Logger; flushMs?: number; sweepMs?: number }) {
  let pending = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;
  let sweeper: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();
  const serial = (fn: () => Promise<void>) => (chain = chain.then(fn, fn).catch((err) => o.log.error({ err }, 'device connectivity update failed')));

  const emit = async (subject: string, rows: ChangedRow[], at: Date, reason: string) => {
    for (const r of rows) {
      o.dir.setStatus(r.id, subject === DEVICE_ONLINE ? 'online' : 'offline');
      const ev: DeviceStatusEvent = { deviceId: r.id, entityId: r.entity_id, departmentId: r.department_id, divisionCode: r.division_code, at: at.toISOString(), reason };
      await o.bus.publish(subject, ev);
    }
  };

  const flush = async () => {
    if (!pending.size) return;
    const batch = pending;
    pending = new Map();
    const rows = await o.db.query<ChangedRow>(
      `with x as (select * from unnest($1::text[], $2::float8[]) as x(id, at)),
       old as (select d.id, d.status from devices.devices d join x on x.id = d.id order by d.id for update of d)
       update devices.devices d set last_seen_at = greatest(d.last_seen_at, to_timestamp(x.at / 1000.0)), status = 'online',
         status_reason = case when old.status <> 'online' then 'message' else d.status_reason end,
         status_at = case when old.status <> 'online' then now() else d.status_at end
       from x join old on old.id = x.id where d.id = x.id
       returning d.id, old.status as was, d.entity_id, d.department_id, d.division_code`,
      [[...batch.keys()], [...batch.values()]],
    );
    await emit(DEVICE_ONLINE, rows.filter((r) => r.was !== 'online'), new Date(), 'message');
  };

  const sweep = async () => {
    await flush();
    const rows = await o.db.query<ChangedRow>(
      `update devices.devices d set status = 'offline', status_reason = 'inactivity', status_at = now()
       from devices.profiles p where p.id = d.profile_id and d.status = 'online'
         and d.last_seen_at < now() - make_interval(secs => p.inactivity_s)
       returning d.id, 'online' as was, d.entity_id, d.department_id, d.division_code`,
    );
    await emit(DEVICE_OFFLINE, rows, new Date(), 'inactivity');
  };

  return {
    seen(deviceIds: string[], at: number) {
      for (const id of deviceIds) pending.set(id, at);
    },
    /** A device's connection ended (or its will arrived): offline now, if it was online. */
    disconnected(deviceId: string, reason: string): Promise<void> {
      pending.delete(deviceId);
      return serial(async () => {
        const rows = await o.db.query<ChangedRow>(
          `update devices.devices set status = 'offline', status_reason = $2, status_at = now() where id = $1 and status = 'online'
           returning id, 'online' as was, entity_id, department_id, division_code`, [deviceId, reason],
        );
        await emit(DEVICE_OFFLINE, rows, new Date(), reason);
      });
    },
    flush: () => serial(flush),
    sweep: () => serial(sweep),
    start() {
      timer = setInterval(() => void serial(flush), o.flushMs ?? 2000);
      sweeper = setInterval(() => void serial(sweep), o.sweepMs ?? 15_000);
      timer.unref();
      sweeper.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      if (sweeper) clearInterval(sweeper);
      await serial(flush);
    },
  };
}

export type Connectivity = ReturnType<typeof createConnectivity>;
