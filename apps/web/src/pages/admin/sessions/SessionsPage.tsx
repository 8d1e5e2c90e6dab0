import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../../api/admin-types';
import { endSession, listSessions } from '../../../api/sessions';
import { useAuth } from '../../../auth/auth-context';
import { Badge } from '../../../components/Badge';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { Icon } from '../../../components/Icon';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { TableStatus } from '../../../components/TableStatus';
import { useApi } from '../../../hooks/use-api';
import { useFormatDateTime } from '../../../i18n/use-format-date-time';
import '../admin.css';

/** `/admin/sessions`: sessions still usable now (most recently active first); end one. */
export default function SessionsPage() {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const { user } = useAuth();
  const [page, setPage] = useState({ limit: 50, offset: 0 });
  const [ending, setEnding] = useState<Session | null>(null);
  const sessions = useApi((signal) => listSessions(page, signal), JSON.stringify(page));
  const items = sessions.data?.items ?? [];

  return (
    <div className="page admin-page" data-testid="sessions-page">
      <PageHeader
        title={t('pages.sessions.title')}
        intro={t('sessions.intro')}
        actions={
          <button type="button" className="button button--ghost" onClick={sessions.reload} disabled={sessions.loading}>
            <Icon name="refresh" size={18} />
            <span>{t('common.refresh')}</span>
          </button>
        }
      />
      <div className="table-wrap">
        <table className="data-table admin-table" data-testid="sessions-table" aria-busy={sessions.loading}>
          <caption>{t('sessions.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sessions.columns.user')}</th>
              <th scope="col">{t('sessions.columns.source')}</th>
              <th scope="col">{t('sessions.columns.started')}</th>
              <th scope="col">{t('sessions.columns.lastSeen')}</th>
              <th scope="col">{t('sessions.columns.expires')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            <TableStatus columns={6} loading={sessions.loading} error={sessions.error} empty={items.length === 0} emptyText={t('sessions.empty')} onRetry={sessions.reload} />
            {items.map((s) => (
              <tr key={s.id} data-session={s.id} data-username={s.username}>
                <th scope="row">
                  <span className="mono">{s.username}</span>{' '}
                  {/* The API does not say which session is this one: all of the signed-in user's are marked. */}
                  {s.userId === user?.id && <Badge tone="info">{t('sessions.you')}</Badge>}
                  <span className="cell-sub">{s.via === 'oidc' ? t('sessions.viaOidc') : t('sessions.viaPassword')}</span>
                </th>
                <td>
                  <span className="mono">{s.sourceIp ?? '—'}</span>
                  {s.userAgent && (
                    <span className="cell-sub cell-clip" title={s.userAgent}>
                      {s.userAgent}
                    </span>
                  )}
                </td>
                <td className="nowrap">{formatDateTime(s.createdAt)}</td>
                <td className="nowrap">{formatDateTime(s.lastSeenAt)}</td>
                <td className="nowrap">{formatDateTime(s.expiresAt)}</td>
                <td>
                  <button type="button" className="link-button" data-testid="session-end" aria-label={t('sessions.endOf', { name: s.username })} onClick={() => setEnding(s)}>
                    {t('sessions.end')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination label={t('sessions.pagination')} total={sessions.data?.total ?? 0} {...page} onChange={setPage} />
      {ending && (
        <ConfirmDialog
          title={t('sessions.endTitle')}
          confirmLabel={t('sessions.end')}
          danger
          onClose={() => setEnding(null)}
          onConfirm={async () => {
            await endSession(ending.id);
            setEnding(null);
            sessions.reload();
          }}
        >
          <p>{t('sessions.endBody', { name: ending.username, ip: ending.sourceIp ?? '—', started: formatDateTime(ending.createdAt) })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
