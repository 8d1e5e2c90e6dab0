/**
 * Actions the platform records today (grep `action:` in packages/*), offered as suggestions
 * in the filter. Prefixes ending in a dot select a family (`identity.`).
 */
export const KNOWN_ACTIONS = [
  'auth.', 'identity.', 'audit.', 'config.', 'alarms.',
  'auth.login', 'auth.logout', 'auth.account.locked', 'auth.password.changed', 'auth.totp.enrolment-started', 'auth.totp.enrolled',
  'identity.user.created', 'identity.user.updated', 'identity.user.disabled', 'identity.user.enabled',
  'identity.user.password-reset', 'identity.user.unlocked', 'identity.user.second-factor-reset',
  'identity.department.created', 'identity.department.updated', 'identity.department.disabled', 'identity.department.enabled',
  'identity.role.created', 'identity.role.updated', 'identity.role.deleted',
  'identity.grant.created', 'identity.grant.revoked', 'identity.grant.synced',
  'identity.apikey.created', 'identity.apikey.revoked', 'identity.session.ended',
  'access.denied', 'pii.viewed', 'config.changed', 'config.initial',
  'alarms.alarm.acknowledged', 'alarms.alarm.escalated', 'alarms.alarm.cleared',
  'audit.verified', 'audit.exported', 'audit.pruned',
] as const;
