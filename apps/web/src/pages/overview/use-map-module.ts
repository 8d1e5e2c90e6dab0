import { useCallback, useEffect, useState } from 'react';
import type { CountyMap as CountyMapComponent } from '../../map/CountyMap';
import { OVERVIEW_TEXT_TIMING, afterPaint } from '../after-paint';

const loadMap = () => import('../../map/CountyMap');

export interface MapModule {
  /** The map component, once its code (maplibre: most of the page's weight) has loaded. */
  CountyMap: typeof CountyMapComponent | null;
  error: unknown;
  retry: () => void;
}

/**
 * Loads the map code once the page's text is on screen (after-paint.ts), while the boundaries
 * load. Not `React.lazy`: its Suspense fallback would cost a frame of its own, and React holds
 * back a boundary's content for up to 300 ms after showing its fallback.
 */
export function useMapModule(): MapModule {
  const [component, setComponent] = useState<typeof CountyMapComponent | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    const cancel = afterPaint(
      () => {
        loadMap()
          .then((module) => {
            if (active) setComponent(() => module.CountyMap);
          })
          .catch((cause: unknown) => {
            if (active) setError(cause);
          });
      },
      { element: OVERVIEW_TEXT_TIMING },
    );
    return () => {
      active = false;
      cancel();
    };
  }, [attempt]);

  const retry = useCallback(() => {
    setError(null);
    setAttempt((n) => n + 1);
  }, []);
  return { CountyMap: component, error, retry };
}
