import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client';
import type { PreviewResult, RuleDefinition } from '../../api/rules';
import { previewRule } from '../../api/rules';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { PreviewChart } from './PreviewChart';
import { valueText } from './rule-draft';

const WINDOWS = [1, 6, 24, 72, 168] as const;
const DEBOUNCE_MS = 500;
const LISTED = 100;

interface Props {
  definition: RuleDefinition;
  /** The preview's problem (or null once it runs): a 400 names the draft's fields that are wrong. */
  onProblem: (error: unknown) => void;
}

type State = { status: 'loading' | 'ready' | 'error'; result: PreviewResult | null; error: unknown };

/** `urn:ngsi-ld:IndustrialSafetyObserved:sim-safety-513401-001` → `sim-safety-513401-001`. */
const shortId = (id: string) => (id.startsWith('urn:ngsi-ld:') ? id.split(':').slice(3).join(':') || id : id);

/**
 * What the draft would have raised over recent data: re-run ~500 ms after the draft stops
 * changing (the previous request is cancelled), kept on screen while the next one runs.
 */
export function RulePreview({ definition, onProblem }: Props) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const [hours, setHours] = useState<number>(24);
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<State>({ status: 'loading', result: null, error: null });
  const report = useRef(onProblem);
  report.current = onProblem;
  const key = JSON.stringify(definition);

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, status: 'loading' }));
    const timer = window.setTimeout(() => {
      previewRule(definition, hours, controller.signal)
        .then((result) => {
          setState({ status: 'ready', result, error: null });
          report.current(null);
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          setState((s) => ({ status: 'error', result: isApiError(error) && error.status === 400 ? null : s.result, error }));
          report.current(error);
        });
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [key, hours, nonce]);

  const result = state.result;
  const firings = result ? [...result.firings].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt)) : [];
  const entities = new Set(firings.map((f) => f.entityId)).size;
  const draftInvalid = isApiError(state.error) && state.error.status === 400;

  return (
    <section className="rules-preview" aria-labelledby="rules-preview-title" data-testid="preview-panel" data-state={state.status} data-count={result && state.status === 'ready' ? result.firings.length : undefined}>
      <div className="rules-preview__head">
        <h2 id="rules-preview-title">{t('rules.preview.title')}</h2>
        <label className="rules-preview__window">
          <span>{t('rules.preview.window')}</span>
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))} data-testid="preview-hours">
            {WINDOWS.map((h) => <option key={h} value={h}>{t(`rules.preview.windows.h${h}`)}</option>)}
          </select>
        </label>
        <button type="button" className="button button--ghost" onClick={() => setNonce((n) => n + 1)} disabled={state.status === 'loading'} data-testid="preview-refresh">
          {t('rules.preview.refresh')}
        </button>
      </div>
      <p className="muted rules-preview__intro">{t('rules.preview.intro')}</p>
      <p className="rules-preview__status" role="status" aria-live="polite">
        {state.status === 'loading' ? t('rules.preview.running') : null}
      </p>
      {state.status === 'error' && (draftInvalid ? <p className="callout callout--warning" data-testid="preview-invalid">{t('rules.preview.invalidDraft')}</p> : <ProblemMessage error={state.error} testId="preview-error" />)}
      {result && (
        <div className={state.status === 'loading' ? 'rules-preview__result is-stale' : 'rules-preview__result'}>
          <p className="rules-preview__summary" data-testid="preview-summary">
            {t('rules.preview.summary', { count: result.points, entities: result.entities, hours: Math.round((Date.parse(result.to) - Date.parse(result.from)) / 3_600_000) })}{' '}
            <strong>{firings.length === 0 ? t('rules.preview.none') : t('rules.preview.firings', { count: firings.length, entities })}</strong>
          </p>
          {result.truncated && <p className="callout callout--warning">{t('rules.preview.truncated')}</p>}
          {firings.length > 0 && <PreviewChart result={result} />}
          {firings.length > 0 && (
            <div className="table-wrap rules-preview__table">
              <table className="data-table" data-testid="preview-table">
                <caption className="visually-hidden">{t('rules.preview.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('rules.preview.entity')}</th>
                    <th scope="col">{t('rules.preview.raisedAt')}</th>
                    <th scope="col">{t('rules.preview.clearedAt')}</th>
                    <th scope="col">{t('rules.preview.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {firings.slice(0, LISTED).map((f) => (
                    <tr key={`${f.entityId}-${f.raisedAt}`}>
                      <td className="rules-cell-clip" title={f.entityId}>
                        <Link to={`/entities/${encodeURIComponent(f.entityId)}`}>{shortId(f.entityId)}</Link>
                      </td>
                      <td className="rules-nowrap">{formatDateTime(f.raisedAt)}</td>
                      <td className="rules-nowrap">{f.clearedAt ? formatDateTime(f.clearedAt) : <span className="badge badge--danger">{t('rules.preview.stillActive')}</span>}</td>
                      <td className="mono">{valueText(f.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {firings.length > LISTED && <p className="muted">{t('rules.preview.listed', { count: LISTED })}</p>}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
