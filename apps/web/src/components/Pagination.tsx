import { useTranslation } from 'react-i18next';

export const PAGE_SIZES = [20, 50, 100] as const;

export interface PaginationProps {
  total: number;
  limit: number;
  offset: number;
  onChange: (page: { limit: number; offset: number }) => void;
  label: string;
}

/** Server paging: "1–20 of 135", previous/next, rows per page. */
export function Pagination({ total, limit, offset, onChange, label }: PaginationProps) {
  const { t } = useTranslation();
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pagination" aria-label={label} data-testid="pagination">
      <p className="pagination__range" aria-live="polite">
        {t('common.range', { first, last, total })}
      </p>
      <label className="pagination__size">
        <span>{t('common.pageSize')}</span>
        <select value={limit} onChange={(event) => onChange({ limit: Number(event.target.value), offset: 0 })}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button--ghost" disabled={offset === 0} onClick={() => onChange({ limit, offset: Math.max(0, offset - limit) })}>
        {t('common.previous')}
      </button>
      <button type="button" className="button button--ghost" disabled={offset + limit >= total} onClick={() => onChange({ limit, offset: offset + limit })}>
        {t('common.next')}
      </button>
    </nav>
  );
}
