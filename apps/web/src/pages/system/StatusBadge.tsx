import { useTranslation } from 'react-i18next';

const KNOWN = new Set(['ok', 'degraded', 'down', 'off']);

/** Status in words and colour (never colour alone). */
export function StatusBadge({ status }: { status: string | undefined }) {
  const { t } = useTranslation();
  const known = status !== undefined && KNOWN.has(status) ? status : 'unknown';
  return (
    <span className={`status-badge status-badge--${known}`} data-status={known}>
      <span className="status-badge__dot" aria-hidden="true" />
      {t(`system.status.${known}`)}
    </span>
  );
}
