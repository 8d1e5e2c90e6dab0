import { useCallback, useEffect, useState } from 'react';
import { fetchHealth } from '../../api/system';
import type { HealthReport } from '../../api/types';

export const HEALTH_REFRESH_MS = 15_000;

export interface HealthState {
  report: HealthReport | null;
  error: unknown;
  checkedAt: Date | null;
  loading: boolean;
  refresh: () => void;
}

/** Polls `/healthz` while the page is open. */
export function useHealth(): HealthState {
  const [report, setReport] = useState<HealthReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    fetchHealth(controller.signal)
      .then((value) => {
        setReport(value);
        setError(null);
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(cause);
      })
      .finally(() => {
        if (controller.signal.aborted) return;
        setCheckedAt(new Date());
        setLoading(false);
      });
    const timer = window.setTimeout(() => setTick((n) => n + 1), HEALTH_REFRESH_MS);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [tick]);

  const refresh = useCallback(() => setTick((n) => n + 1), []);
  return { report, error, checkedAt, loading, refresh };
}
