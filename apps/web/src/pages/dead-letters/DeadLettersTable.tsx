import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DeadLetter } from '../../api/devices';
import { Badge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { TableStatus } from '../../components/TableStatus';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { payloadFull, payloadPreview } from './payload-text';

interface Props {
  letters: DeadLetter[];
  total: number | null;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  /** Absent when the viewer may not replay (devices:manage). A letter already stored is not offered again. */
  onReplay?: (letter: DeadLetter) => void;
}

const COLUMNS = 7;

/** Newest first (the server's order). Each row expands to the whole payload and the replay's outcome. */
export function DeadLettersTable({ letters, total, loading, error, onRetry, onReplay }: Props) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const toggle = (id: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const reasonLabel = (code: string) => t(`deadLetters.reasons.${code}`, { defaultValue: code });

  return (
    <div className="device-table-wrap">
      <table className="data-table device-table dead-letter-table" data-testid="dead-letters-table" data-total={total ?? undefined} aria-busy={loading}>
        <caption className="visually-hidden">{t('deadLetters.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('deadLetters.expand')}</span>
            </th>
            <th scope="col">{t('deadLetters.columns.receivedAt')}</th>
            <th scope="col">{t('deadLetters.columns.device')}</th>
            <th scope="col">{t('deadLetters.columns.reason')}</th>
            <th scope="col">{t('deadLetters.columns.payload')}</th>
            <th scope="col">{t('deadLetters.columns.replay')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          <TableStatus columns={COLUMNS} loading={loading} error={error} empty={letters.length === 0} emptyText={t('deadLetters.empty')} onRetry={onRetry} />
          {letters.map((letter) => {
            const open = expanded.has(letter.id);
            const detailId = `dead-letter-${letter.id}-detail`;
            return (
              <Fragment key={letter.id}>
                <tr data-dead-letter-id={letter.id} data-device-id={letter.deviceId ?? ''} data-reason={letter.reasonCode} className={open ? 'dead-letter-row dead-letter-row--open' : 'dead-letter-row'}>
                  <td className="dead-letter-table__toggle">
                    <button
                      type="button"
                      className="icon-button dead-letter-expand"
                      aria-expanded={open}
                      aria-controls={open ? detailId : undefined}
                      aria-label={t(open ? 'deadLetters.collapseOf' : 'deadLetters.expandOf', { id: letter.id })}
                      data-testid="dead-letter-expand"
                      onClick={() => toggle(letter.id)}
                    >
                      <Icon name="chevronRight" size={18} />
                    </button>
                  </td>
                  <td className="device-nowrap">
                    {formatDateTime(letter.receivedAt)}
                    <span className="device-sub">#{letter.id}</span>
                  </td>
                  <td>
                    {letter.deviceId && letter.reasonCode !== 'ERR_INGEST_UNKNOWN_DEVICE' ? (
                      <Link className="device-mono" to={`/devices?device=${encodeURIComponent(letter.deviceId)}`}>
                        {letter.deviceId}
                      </Link>
                    ) : (
                      <span className="device-mono">{letter.deviceId ?? t('deadLetters.noDevice')}</span>
                    )}
                    <span className="device-sub">{letter.transport}</span>
                  </td>
                  <td className="dead-letter-table__reason">
                    <span className="dead-letter-reason">{reasonLabel(letter.reasonCode)}</span>
                    <span className="device-sub device-mono">{letter.reasonCode}</span>
                  </td>
                  <td>
                    <code className="dead-letter-preview" data-testid="dead-letter-preview" title={letter.payload.slice(0, 500)}>
                      {payloadPreview(letter)}
                    </code>
                  </td>
                  <td data-testid="dead-letter-replay-state">
                    <ReplayState letter={letter} formatDateTime={formatDateTime} />
                  </td>
                  <td className="device-table__open">
                    {onReplay && letter.replayResult !== 'stored' && (
                      <button type="button" className="button button--ghost" data-testid="dead-letter-replay" aria-label={t('deadLetters.replayOf', { id: letter.id })} onClick={() => onReplay(letter)}>
                        {t('deadLetters.replay')}
                      </button>
                    )}
                  </td>
                </tr>
                {open && (
                  <tr className="dead-letter-detail" id={detailId} data-testid="dead-letter-detail">
                    <td colSpan={COLUMNS}>
                      <dl className="device-detail__list dead-letter-detail__list">
                        <div>
                          <dt>{t('deadLetters.detail.reason')}</dt>
                          <dd>{letter.reason}</dd>
                        </div>
                        <div>
                          <dt>{t('deadLetters.detail.transport')}</dt>
                          <dd className="device-mono">{letter.transport}</dd>
                        </div>
                        <div>
                          <dt>{t('deadLetters.detail.topic')}</dt>
                          <dd className="device-mono">{letter.topic ?? '—'}</dd>
                        </div>
                        {letter.replayResult && (
                          <div>
                            <dt>{t('deadLetters.detail.replayResult')}</dt>
                            <dd className="device-mono">{letter.replayResult}</dd>
                          </div>
                        )}
                      </dl>
                      <p className="device-detail__heading">
                        {letter.payloadEncoding === 'base64' ? t('deadLetters.detail.payloadBase64') : t('deadLetters.detail.payload')}
                      </p>
                      <pre className="dead-letter-payload" data-testid="dead-letter-payload">
                        {payloadFull(letter)}
                      </pre>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ReplayState({ letter, formatDateTime }: { letter: DeadLetter; formatDateTime: (value: string) => string }) {
  const { t } = useTranslation();
  if (!letter.replayedAt) return <span className="muted">{t('deadLetters.notReplayed')}</span>;
  const stored = letter.replayResult === 'stored';
  return (
    <>
      <Badge tone={stored ? 'ok' : 'danger'}>{stored ? t('deadLetters.replayStored') : t('deadLetters.replayFailed')}</Badge>
      <span className="device-sub device-nowrap">{formatDateTime(letter.replayedAt)}</span>
    </>
  );
}
