import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { simulatorStatus, startScenario } from '../../api/simulator';
import type { SimulatorStatus } from '../../api/simulator';
import { useErrorMessage } from '../../errors/use-error-message';

/** Starts an incident in the simulated city (operators with simulator:control only). */
export function DemoControl() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [status, setStatus] = useState<SimulatorStatus | null>(null);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const zh = i18n.language.startsWith('zh');

  useEffect(() => {
    const controller = new AbortController();
    simulatorStatus(controller.signal).then(
      (s) => {
        setStatus(s);
        setChoice((current) => current || (s.scenarios[0]?.name ?? ''));
      },
      (e: unknown) => {
        if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e);
      },
    );
    return () => controller.abort();
  }, []);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await startScenario(choice));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const title = (name: string) => {
    const scenario = status?.scenarios.find((s) => s.name === name);
    return scenario ? (zh ? scenario.zh : scenario.en) : name;
  };

  return (
    <section className="demo-control" aria-labelledby="demo-control-title" data-testid="demo-control" data-state={status?.state ?? ''}>
      <h2 id="demo-control-title" className="layer-panel__title">
        {t('overview.demo.title')}
        <span className="badge badge--info">{t('overview.simulated')}</span>
      </h2>
      {status && status.state !== 'running' && <p className="muted">{t('overview.demo.notRunning', { state: status.state })}</p>}
      <div className="demo-control__row">
        <label htmlFor="demo-scenario" className="visually-hidden">
          {t('overview.demo.scenario')}
        </label>
        <select id="demo-scenario" value={choice} onChange={(event) => setChoice(event.target.value)} disabled={!status}>
          {status?.scenarios.map((s) => (
            <option key={s.name} value={s.name}>
              {zh ? s.zh : s.en}
            </option>
          ))}
        </select>
        <button type="button" className="button button--primary" onClick={() => void start()} disabled={busy || !choice || status?.state !== 'running'}>
          {t('overview.demo.start')}
        </button>
      </div>
      {status && status.active.length > 0 && (
        <p className="demo-control__active" role="status" data-testid="demo-active">
          {t('overview.demo.active', { list: status.active.map((a) => title(a.name)).join('、') })}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
