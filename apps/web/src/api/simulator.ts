import { apiFetch } from './client';

export interface SimulatorScenario {
  name: string;
  zh: string;
  en: string;
}

/** `GET /api/v1/simulator` (packages/simulator/src/demo-module.ts). */
export interface SimulatorStatus {
  state: string;
  backfillProgress: number;
  sent: number;
  rejected: number;
  failedBatches: number;
  simTime: string | null;
  active: { name: string; startedAt: string }[];
  scenarios: SimulatorScenario[];
}

export function simulatorStatus(signal?: AbortSignal): Promise<SimulatorStatus> {
  return apiFetch<SimulatorStatus>('/api/v1/simulator', { signal });
}

export function startScenario(name: string): Promise<SimulatorStatus> {
  return apiFetch<SimulatorStatus>('/api/v1/simulator/scenarios', { method: 'POST', body: { name } });
}
