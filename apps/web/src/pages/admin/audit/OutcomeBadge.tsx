import { useTranslation } from 'react-i18next';
import type { AuditOutcome } from '../../../api/admin-types';
import { Badge } from '../../../components/Badge';

const TONE = { success: 'ok', failure: 'danger', denied: 'warning' } as const;

export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  const { t } = useTranslation();
  return <Badge tone={TONE[outcome] ?? 'neutral'}>{t(`audit.outcomes.${outcome}`)}</Badge>;
}
