import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { previewDeviceProfile } from '../../../api/device-profiles';
import type { PreviewResult } from '../../../api/device-profiles';
import type { AttributeSpec } from '../../../api/devices';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { useFormatDateTime } from '../../../i18n/use-format-date-time';
import { parsePayload, unitLabel, valueText } from './profile-draft';

const DEBOUNCE_MS = 500;

interface Props {
  /** The saved profile the server maps with (a new profile: the flat built-in one). */
  profileId: string;
  /** The draft's expression, sent in place of the saved one (null: the flat shape). */
  expression: string | null;
  /** The draft's attributes and strictness, sent in place of the saved ones: the preview checks what is on screen. */
  attributes: Record<string, AttributeSpec>;
  strict: boolean;
  initialPayload: string;
  /** The mapping's own verdict, for the expression field: null when it compiles. */
  onMappingProblem: (reason: string | null) => void;
}

type State =
  | { status: 'idle' }
  | { status: 'invalid'; message: string }
  | { status: 'loading'; result: PreviewResult | null }
  | { status: 'ready'; result: PreviewResult }
  | { status: 'error'; error: unknown };

/**
 * A test payload and what the mapping makes of it: re-run ~500 ms after the payload or the
 * expression stops changing (the previous request is cancelled), and on demand.
 */
export function MappingPreview({ profileId, expression, attributes, strict, initialPayload, onMappingProblem }: Props) {
  const { t, i18n } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const payloadId = useId();
  const [payload, setPayload] = useState(initialPayload);
  const [nonce, setNonce] = useState(0);
  const [state, setState] = useState<State>({ status: 'idle' });
  const attributesKey = JSON.stringify(attributes);
  const report = useRef(onMappingProblem);
  report.current = onMappingProblem;

  useEffect(() => {
    if (!payload.trim()) {
      setState({ status: 'idle' });
      return;
    }
    const parsed = parsePayload(payload);
    if (!parsed.ok) {
      setState({ status: 'invalid', message: parsed.message });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ status: 'loading', result: s.status === 'ready' || s.status === 'loading' ? s.result : null }));
    const timer = window.setTimeout(() => {
      previewDeviceProfile(profileId, parsed.value, { expression, attributes: JSON.parse(attributesKey) as Record<string, AttributeSpec>, strict }, controller.signal)
        .then((result) => {
          setState({ status: 'ready', result });
          report.current(result.error?.code === 'ERR_DEVICES_MAPPING_INVALID' ? result.error.reason : null);
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setState({ status: 'error', error });
        });
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // attributesKey: a new object each render, the same text while nothing changed.
  }, [payload, expression, attributesKey, strict, profileId, nonce]);

  const result = state.status === 'ready' || state.status === 'loading' ? state.result : null;
  const codeText = (code: string) => {
    for (const key of [`deadLetters.reasons.${code}`, `errors.${code}`]) if (i18n.exists(key)) return t(key);
    return code;
  };

  return (
    <section className="di-preview" aria-labelledby={`${payloadId}-title`} data-testid="mapping-preview" data-state={state.status} data-ok={result ? String(result.ok) : undefined}>
      <div className="di-preview__head">
        <h2 id={`${payloadId}-title`}>{t('deviceProfiles.preview.title')}</h2>
        <button type="button" className="button button--ghost" onClick={() => setNonce((n) => n + 1)} disabled={state.status === 'loading' || !payload.trim()} data-testid="preview-run">
          {t('deviceProfiles.preview.run')}
        </button>
      </div>
      <div className="field">
        <label htmlFor={payloadId}>{t('deviceProfiles.preview.payload')}</label>
        <textarea id={payloadId} className="di-code" rows={8} spellCheck={false} autoCapitalize="off" autoCorrect="off" value={payload} aria-describedby={`${payloadId}-hint`} aria-invalid={state.status === 'invalid' || undefined} onChange={(e) => setPayload(e.target.value)} data-testid="preview-payload" />
        <p id={`${payloadId}-hint`} className="field__hint">{t('deviceProfiles.preview.payloadHint')}</p>
      </div>
      <p className="di-preview__status" role="status" aria-live="polite">
        {state.status === 'loading' ? t('deviceProfiles.preview.running') : state.status === 'idle' ? t('deviceProfiles.preview.idle') : ''}
      </p>
      {state.status === 'invalid' && <p className="field__error" data-testid="preview-json-error">{t('deviceProfiles.preview.invalidJson', { message: state.message })}</p>}
      {state.status === 'error' && <ProblemMessage error={state.error} testId="preview-problem" />}
      {result && !result.ok && result.error && (
        <div className="form-error problem" data-testid="preview-error" data-code={result.error.code}>
          <p className="problem__message">
            {/* An expression that does not compile refuses every message: say what is wrong with it instead. */}
            {result.error.code === 'ERR_DEVICES_MAPPING_INVALID' ? t('deviceProfiles.preview.invalidExpression') : t('deviceProfiles.preview.refused', { reason: codeText(result.error.code) })}
          </p>
          <p className="problem__detail di-mono">{result.error.reason}</p>
        </div>
      )}
      {result?.ok && (
        <div className={state.status === 'loading' ? 'di-preview__result is-stale' : 'di-preview__result'}>
          <p className="di-preview__summary" data-testid="preview-summary">{t('deviceProfiles.preview.mapped', { count: result.observations.length })}</p>
          <div className="di-table-wrap">
            <table className="data-table di-table" data-testid="preview-table">
              <caption className="visually-hidden">{t('deviceProfiles.preview.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('deviceProfiles.preview.attribute')}</th>
                  <th scope="col">{t('deviceProfiles.preview.value')}</th>
                  <th scope="col">{t('deviceProfiles.preview.unit')}</th>
                  <th scope="col">{t('deviceProfiles.preview.observedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {result.observations.map((o, i) => (
                  <tr key={`${o.name}-${i}`} data-attribute={o.name}>
                    <th scope="row" className="di-mono">{o.name}</th>
                    <td className="di-mono" data-testid="preview-value">{valueText(o.value)}</td>
                    <td data-testid="preview-unit">{unitLabel(o.unitCode) || '—'}</td>
                    <td className="di-nowrap">{formatDateTime(o.observedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
