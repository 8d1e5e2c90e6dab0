import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listMyNotifications } from '../../api/notify';
import { Pagination } from '../../components/Pagination';
import { TableStatus } from '../../components/TableStatus';
import { useApi } from '../../hooks/use-api';
import { useFormatDateTime } from '../../i18n/use-format-date-time';

const STATUS_TONES: Record<string, string> = { sent: 'ok', logged: 'info', failed: 'danger', quiet_hours: 'neutral', rate_limited: 'warning' };
const CHANNELS = new Set(['console', 'email', 'sms']);

/** What was sent to me, or held back (quiet hours, rate limit), newest first. */
export function MyNotifications() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [page, setPage] = useState({ limit: 20, offset: 0 });
  const list = useApi((signal) => listMyNotifications(page, signal), JSON.stringify(page));
  const items = list.data?.items ?? [];
  return (
    <>
      <div className="notify-table-wrap">
        <table className="data-table notify-inbox" data-testid="notifications-table" aria-busy={list.loading}>
          <caption className="visually-hidden">{t('notifications.inbox.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notifications.inbox.at')}</th>
              <th scope="col">{t('notifications.inbox.channel')}</th>
              <th scope="col">{t('notifications.inbox.subject')}</th>
              <th scope="col">{t('notifications.inbox.recipient')}</th>
              <th scope="col">{t('notifications.inbox.status')}</th>
            </tr>
          </thead>
          <tbody>
            <TableStatus columns={5} loading={list.loading} error={list.error} empty={items.length === 0} emptyText={t('notifications.inbox.empty')} onRetry={list.reload} />
            {items.map((n) => (
              <tr key={n.id}>
                <td className="notify-nowrap">{formatDateTime(n.createdAt)}</td>
                <td>{CHANNELS.has(n.channel) ? t(`notifications.channel.${n.channel}`) : n.channel}</td>
                <td>{n.subject ?? n.event}</td>
                <td className="notify-clip" title={n.recipient ?? ''}>{n.recipient ?? '—'}</td>
                <td>
                  <span className={`badge badge--${STATUS_TONES[n.status] ?? 'neutral'}`} title={n.error ?? undefined}>
                    {STATUS_TONES[n.status] ? t(`notifications.inbox.statuses.${n.status}`) : n.status}
                  </span>
                  {n.error && <span className="notify-error">{n.error}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data && <Pagination total={list.data.total} limit={page.limit} offset={page.offset} onChange={setPage} label={t('notifications.inbox.title')} />}
    </>
  );
}
