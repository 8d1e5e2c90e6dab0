import type { AlarmState } from '../../api/alarms';
import type { BadgeTone } from '../../components/Badge';

/** Open and unseen is the loudest; closed is quiet. */
export const STATE_TONES: Record<AlarmState, BadgeTone> = {
  active_unack: 'danger',
  active_ack: 'warning',
  cleared_unack: 'info',
  cleared_ack: 'ok',
};

/** The county of an alarm: the deepest code of its division path that names one (townships fall back to their county). */
export function countyOf(divisionPath: readonly string[], divisionCode: string | null, names: ReadonlyMap<string, string>): string | null {
  for (const code of [...divisionPath].reverse()) {
    const name = names.get(code) ?? names.get(code.slice(0, 6));
    if (name) return name;
  }
  return divisionCode;
}

/** Who did it, as the history stores it: a username, `rule:<id>` (or `rule`) for the rule engine, `system` for escalation. */
export type ActorKind = 'user' | 'rule' | 'system';

export function actorKind(actor: string | null): ActorKind {
  if (actor === null || actor === 'system') return 'system';
  if (actor === 'rule' || actor.startsWith('rule:')) return 'rule';
  return 'user';
}

export function formatAlarmValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/\.?0+$/, '');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
