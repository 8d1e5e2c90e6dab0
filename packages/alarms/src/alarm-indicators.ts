import { countyOf, type IndicatorProvider, type Measurement } from '@zhicheng/indicators';
import type { Db } from '@zhicheng/kernel';

type Row = { division_code: string | null; severity: string; n: number };

function tally(rows: Row[]): { total: Measurement; byCounty: Record<string, Measurement> } {
  const by = new Map<string, Record<string, number>>();
  const add = (k: string, sev: string, n: number) => {
    const m = by.get(k) ?? {};
    m[sev] = (m[sev] ?? 0) + n;
    by.set(k, m);
  };
  for (const r of rows) {
    add('*', r.severity, r.n);
    const c = countyOf(r.division_code);
    if (c) add(c, r.severity, r.n);
  }
  const m = (x: Record<string, number> | undefined): Measurement => ({ value: Object.values(x ?? {}).reduce((a, b) => a + b, 0), detail: { bySeverity: x ?? {} } });
  const byCounty: Record<string, Measurement> = {};
  for (const [k, x] of by) if (k !== '*') byCounty[k] = m(x);
  // Zero open alarms is a real zero: the alarm table is the source of truth, so there is data.
  return { total: m(by.get('*')), byCounty };
}

/** Indicator providers over the alarm table: open alarms (by severity) and alarms unacknowledged past their deadline. */
export function alarmIndicatorProviders(db: Db): IndicatorProvider[] {
  return [
    {
      name: 'alarms.open',
      triggers: ['alarms.alarm.*'],
      async compute(params) {
        const severity = typeof params.severity === 'string' ? params.severity : null;
        return tally(await db.query<Row>(
          `select division_code, severity, count(*)::int as n from alarms.alarms
           where state in ('active_unack', 'active_ack') and ($1::text is null or severity = $1) group by division_code, severity`, [severity]));
      },
    },
    {
      name: 'alarms.overdue',
      triggers: ['alarms.alarm.*'],
      async compute(_params, ctx) {
        return tally(await db.query<Row>(
          `select division_code, severity, count(*)::int as n from alarms.alarms
           where state = 'active_unack' and (escalation_level > 0 or escalate_at <= $1) group by division_code, severity`, [ctx.now]));
      },
    },
  ];
}
