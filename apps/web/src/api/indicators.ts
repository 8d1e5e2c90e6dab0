import { apiFetch } from './client';

export type IndicatorStatus = 'ok' | 'warning' | 'critical' | 'no_data';

export interface IndicatorValue {
  value: number | null;
  status: IndicatorStatus;
  at: string;
  detail: Record<string, unknown>;
}

/** `GET /api/v1/indicators` (packages/indicators/src/indicator-schemas.ts). */
export interface IndicatorCurrent {
  id: string;
  name: { zh: string; en: string };
  description: { zh: string; en: string } | null;
  unit: string;
  perCounty: boolean;
  provider: string;
  current: IndicatorValue | null;
  counties: (IndicatorValue & { code: string })[];
}

export function listIndicators(signal?: AbortSignal): Promise<{ items: IndicatorCurrent[] }> {
  return apiFetch<{ items: IndicatorCurrent[] }>('/api/v1/indicators', { signal });
}
