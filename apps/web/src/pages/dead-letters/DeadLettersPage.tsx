import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { listDeadLetters, replayDeadLetter } from '../../api/devices';
import type { DeadLetter, ReplayResult } from '../../api/devices';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { useApi } from '../../hooks/use-api';
import { useCan } from '../../hooks/use-can';
import '../devices/devices.css';
import './dead-letters.css';
import { DeadLetterFilters } from './DeadLetterFilters';
import type { DeadLetterFilterValues } from './DeadLetterFilters';
import { DeadLettersTable } from './DeadLettersTable';

/**
 * `/dead-letters`: messages ingestion refused (newest first), in the viewer's scope; the
 * filters live in the URL (`?reason=&device=`) so a device's detail can link here. Replay runs
 * a message through the pipeline again, after its profile or device was fixed.
 */
export default function DeadLettersPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const filters: DeadLetterFilterValues = { reason: params.get('reason') ?? '', device: params.get('device') ?? '' };
  const [page, setPage] = useState({ limit: 20, offset: 0 });
  const [replaying, setReplaying] = useState<DeadLetter | null>(null);
  const [outcome, setOutcome] = useState<ReplayResult | null>(null);

  const query = { reason: filters.reason || undefined, device: filters.device || undefined, ...page };
  const list = useApi((signal) => listDeadLetters(query, signal), JSON.stringify(query));

  const changeFilters = useCallback(
    (next: DeadLetterFilterValues) => {
      setParams((current) => {
        const out = new URLSearchParams(current);
        for (const [key, value] of Object.entries(next)) {
          if (value) out.set(key, value);
          else out.delete(key);
        }
        return out;
      });
      setPage((current) => ({ ...current, offset: 0 }));
    },
    [setParams],
  );

  return (
    <div className="page dead-letters-page" data-testid="dead-letters-page">
      <PageHeader
        title={t('pages.deadLetters.title')}
        intro={t('deadLetters.intro')}
        actions={
          <button type="button" className="button button--ghost" data-testid="dead-letters-refresh" onClick={list.reload}>
            <Icon name="refresh" size={18} />
            <span>{t('common.refresh')}</span>
          </button>
        }
      />
      <DeadLetterFilters value={filters} onChange={changeFilters} />
      {outcome && (
        <div
          className={`dead-letter-outcome dead-letter-outcome--${outcome.result}`}
          role="status"
          data-testid="dead-letter-outcome"
          data-result={outcome.result}
        >
          <Icon name={outcome.result === 'stored' ? 'check' : 'alert'} size={18} />
          <p>
            {outcome.result === 'stored'
              ? t('deadLetters.outcome.stored', { id: outcome.id })
              : t('deadLetters.outcome.failed', { id: outcome.id, reason: t(`deadLetters.reasons.${outcome.code ?? ''}`, { defaultValue: outcome.code ?? '' }) })}
            {outcome.result === 'failed' && outcome.reason && <span className="device-sub device-mono">{outcome.reason}</span>}
          </p>
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={() => setOutcome(null)}>
            <Icon name="close" size={16} />
          </button>
        </div>
      )}
      <DeadLettersTable
        letters={list.data?.items ?? []}
        total={list.data?.total ?? null}
        loading={list.loading}
        error={list.error}
        onRetry={list.reload}
        onReplay={can('devices:manage') ? setReplaying : undefined}
      />
      <Pagination label={t('deadLetters.pagination')} total={list.data?.total ?? 0} {...page} onChange={setPage} />
      {replaying && (
        <ConfirmDialog
          title={t('deadLetters.confirm.title')}
          confirmLabel={t('deadLetters.replay')}
          onClose={() => setReplaying(null)}
          onConfirm={async () => {
            const result = await replayDeadLetter(replaying.id);
            setReplaying(null);
            setOutcome(result);
            list.reload();
          }}
        >
          <p>{t('deadLetters.confirm.body', { id: replaying.id, device: replaying.deviceId ?? t('deadLetters.noDevice') })}</p>
          <p className="device-sub">{t('deadLetters.confirm.hint')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
