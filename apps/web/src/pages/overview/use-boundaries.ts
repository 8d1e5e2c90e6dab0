import { useCallback, useEffect, useState } from 'react';
import { fetchBoundaries } from '../../api/geo';
import type { BoundaryCollection } from '../../api/types';
import { OVERVIEW_TEXT_TIMING, afterPaint } from '../after-paint';

export interface Boundaries {
  counties: BoundaryCollection;
  /** The outline; the map still works without it. */
  prefecture: BoundaryCollection | null;
}

export interface BoundariesState {
  data: Boundaries | null;
  error: unknown;
  reload: () => void;
}

export function useBoundaries(): BoundariesState {
  const [data, setData] = useState<Boundaries | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    // Megabytes to parse and hand to the map: after the page's own text is on screen.
    const cancel = afterPaint(() => {
      Promise.all([
        fetchBoundaries('county', controller.signal),
        fetchBoundaries('prefecture', controller.signal).catch((cause: unknown) => {
          if (controller.signal.aborted) throw cause;
          console.warn('prefecture outline unavailable', cause);
          return null;
        }),
      ])
        .then(([counties, prefecture]) => setData({ counties, prefecture }))
        .catch((cause: unknown) => {
          if (!controller.signal.aborted) setError(cause);
        });
    }, { element: OVERVIEW_TEXT_TIMING });
    return () => {
      cancel();
      controller.abort();
    };
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, reload };
}
