import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies `value` to the clipboard and says so (politely, for screen readers too). */
export function CopyButton({ value }: { value: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 3000);
    return () => window.clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      // No clipboard permission (plain http, old browser): the field is selectable instead.
      setState('failed');
    }
  }

  return (
    <>
      <button type="button" className="button button--ghost" data-testid="copy-button" onClick={() => void copy()}>
        {t('common.copy')}
      </button>
      <span className="copy-status" role="status">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </>
  );
}
