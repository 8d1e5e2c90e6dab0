import { useEffect, useState } from 'react';
import { getDeviceImport } from '../../../api/device-imports';
import type { ImportJob } from '../../../api/device-imports';

const POLL_MS = 1000;

/**
 * The job `id` (null: none), asked again every second while it runs. `first` is the answer of
 * the upload itself, shown until the first poll returns.
 */
export function useImportJob(id: string | null, first: ImportJob | null): { job: ImportJob | null; error: unknown } {
  const [job, setJob] = useState<ImportJob | null>(first?.id === id ? first : null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setJob((current) => (current?.id === id ? current : first?.id === id ? first : null));
    setError(null);
    if (!id) return;
    const controller = new AbortController();
    let timer = 0;
    const poll = () => {
      getDeviceImport(id, controller.signal)
        .then((next) => {
          setJob(next);
          if (next.status === 'running') timer = window.setTimeout(poll, POLL_MS);
        })
        .catch((caught: unknown) => {
          if (!controller.signal.aborted) setError(caught);
        });
    };
    poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
    // `first` only seeds the state; a new upload always comes with a new id.
  }, [id]);

  return { job, error };
}
