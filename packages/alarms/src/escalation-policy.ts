import type { Severity } from '@zhicheng/rules';

export type EscalationPolicy = Record<Severity, number>;

/** `critical=15,major=30,…` (minutes) from ZC_ALARM_ESCALATION_MINUTES; unnamed severities keep the defaults. */
export function parseEscalationPolicy(text: string): EscalationPolicy {
  const policy: EscalationPolicy = { critical: 15, major: 30, minor: 120, warning: 480 };
  for (const part of text.split(',')) {
    const [k, v] = part.split('=');
    if (k && v && k in policy) policy[k as Severity] = Number(v);
  }
  return policy;
}
