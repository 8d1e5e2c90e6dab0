import { useEffect, useState } from 'react';
import { fetchDivisions } from '../../api/geo';
import type { DivisionList } from '../../api/types';

export interface TownshipsState {
  code: string | null;
  list: DivisionList | null;
  error: unknown;
}

/** The divisions directly under a county (`GET /api/v1/geo/divisions?parent=`). */
export function useTownships(countyCode: string): TownshipsState {
  const [state, setState] = useState<TownshipsState>({ code: null, list: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    fetchDivisions(countyCode, controller.signal)
      .then((list) => setState({ code: countyCode, list, error: null }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ code: countyCode, list: null, error });
      });
    return () => controller.abort();
  }, [countyCode]);
  // Never show the previous county's list while the next one loads.
  return state.code === countyCode ? state : { code: countyCode, list: null, error: null };
}
