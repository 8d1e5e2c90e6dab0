import type { SimDevice } from './fleet-types.js';
import type { ProvisionProgress, ProvisionResult } from './provision.js';
import type { Reading } from './readings.js';

/**
 * How readings reach a Zhicheng server: always through its public device interfaces (MQTT or
 * the HTTP telemetry API), never into its database, so the demo exercises the real path.
 */
export interface SimTransport {
  /** Registers the devices and their entities; idempotent (a device that exists unchanged is left as it is). */
  provision(devices: SimDevice[], onProgress?: (p: ProvisionProgress) => void): Promise<ProvisionResult>;
  /** Sends readings; resolves when the server has acknowledged them. */
  send(readings: Reading[]): Promise<{ accepted: number; rejected: number }>;
  close(): Promise<void>;
}
