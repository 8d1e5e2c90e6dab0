import type { Aedes } from 'aedes';
import type { MqttClient } from 'mqtt';

/**
 * The MQTT side of the platform: either the embedded broker (devices connect to us) or a
 * client of an external broker (we subscribe to the devices' topics there). Ingestion
 * installs its authentication and publish hooks on the embedded broker through `embedded`.
 */
export interface MqttHandle {
  readonly mode: 'embedded' | 'external';
  /** Port the embedded broker listens on (0 when external). */
  readonly port: number;
  readonly embedded?: Aedes;
  readonly client?: MqttClient;
  status(): { status: 'ok' | 'down'; mode: 'embedded' | 'external'; port?: number; clients?: number; url?: string };
  close(): Promise<void>;
}
