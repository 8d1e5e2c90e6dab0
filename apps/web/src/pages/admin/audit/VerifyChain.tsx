import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VerifyResult } from '../../../api/admin-types';
import { verifyAudit } from '../../../api/audit';
import { Icon } from '../../../components/Icon';
import { ProblemMessage } from '../../../components/ProblemMessage';

/** "Verify chain": recomputes every row's hash on the server; ok, or the first row that fails. */
export function VerifyChain() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function verify() {
    setBusy(true);
    setError(null);
    try {
      setResult(await verifyAudit());
    } catch (caught) {
      setResult(null);
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="verify">
      <button type="button" className="button button--ghost" onClick={() => void verify()} disabled={busy} aria-busy={busy} data-testid="audit-verify">
        <Icon name="shield" size={18} />
        <span>{busy ? t('audit.verifying') : t('audit.verify')}</span>
      </button>
      <div className="verify__result" role="status" data-testid="audit-verify-result" data-ok={result ? String(result.ok) : undefined}>
        {result?.ok && (
          <span className="badge badge--ok">
            <Icon name="check" size={14} />
            {t('audit.verifyOk', { count: result.checked, head: result.headSeq ?? '—' })}
          </span>
        )}
        {result && !result.ok && (
          <span className="badge badge--danger">
            <Icon name="alert" size={14} />
            {t('audit.verifyBad', { seq: result.firstBad?.seq ?? '—', reason: result.firstBad?.reason ?? '', count: result.checked })}
          </span>
        )}
      </div>
      <ProblemMessage error={error} />
    </div>
  );
}
