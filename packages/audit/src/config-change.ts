import type { Config, Db } from '@zhicheng/kernel';
import { createAuditRepository } from './audit-repository.js';
import { SYSTEM_ACTOR, type AuditService } from './audit-service.js';

// Settings whose values must never reach the log, not even as a hash (a short hash of a weak
// password is easily reversed): only whether they are set is recorded.
const SECRET = /PASSWORD|SECRET|KEY|DATABASE_URL|NATS_URL|MQTT_URL/;

export function settingsFingerprint(config: Config): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config).sort(([a], [b]) => a.localeCompare(b))) {
    if (v === undefined) continue;
    const text = String(v);
    out[k] = SECRET.test(k) ? '(set)' : text;
  }
  return out;
}

/**
 * Settings come from the environment at start, so a configuration change shows up as a
 * start with different settings: this records which ones changed since the last start.
 */
export async function recordConfiguration(db: Db, audit: AuditService, config: Config): Promise<void> {
  const current = settingsFingerprint(config);
  const lastText = await createAuditRepository(db).lastDetailOf(['config.initial', 'config.changed']);
  if (!lastText) {
    await audit.record({ action: 'config.initial', outcome: 'success', actor: SYSTEM_ACTOR, detail: { settings: current } });
    return;
  }
  const last = (JSON.parse(lastText) as { settings?: Record<string, string> }).settings ?? {};
  const changed = [...new Set([...Object.keys(last), ...Object.keys(current)])].filter((k) => last[k] !== current[k]).sort();
  if (changed.length) await audit.record({ action: 'config.changed', outcome: 'success', actor: SYSTEM_ACTOR, detail: { changed, settings: current } });
}
