import { useTranslation } from 'react-i18next';
import { ProblemMessage } from './ProblemMessage';

export interface TableStatusProps {
  columns: number;
  loading: boolean;
  error: unknown;
  empty: boolean;
  emptyText?: string;
  onRetry?: () => void;
}

/** The one row a table shows instead of data: loading, failed (with retry) or empty. */
export function TableStatus({ columns, loading, error, empty, emptyText, onRetry }: TableStatusProps) {
  const { t } = useTranslation();
  if (error) {
    return (
      <tr className="table-status">
        <td colSpan={columns}>
          <ProblemMessage error={error} testId="table-error" />
          {onRetry && (
            <button type="button" className="button button--ghost" onClick={onRetry}>
              {t('common.retry')}
            </button>
          )}
        </td>
      </tr>
    );
  }
  if (loading && empty) {
    return (
      <tr className="table-status">
        <td colSpan={columns}>
          <span className="table-status__loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('common.loading')}
          </span>
        </td>
      </tr>
    );
  }
  if (empty) {
    return (
      <tr className="table-status">
        <td colSpan={columns} data-testid="table-empty">
          {emptyText ?? t('common.empty')}
        </td>
      </tr>
    );
  }
  return null;
}
