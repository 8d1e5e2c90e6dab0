import type { Aedes } from 'aedes';
import type { MqttClient } from 'mqtt';

/**
 * The MQTT side of the platform: either the embedded broker (devices connect to us) or a
 * client of an external broker (we subscribe to the devices' topics there). Ingestion
 * installs its authentication and publish hooks on the embedded broker through `embedded`,
 * in its `init`: the embedded broker accepts connections only after every module's init.
 */
export interface MqttHandle {
  readonly mode: 'embedded' | 'external';
  /** Port the embedded broker listens on (0 when external, or before it listens). */
  readonly port: number;
  readonly embedded?: Aedes;
  readonly client?: MqttClient;
  status(): { status: 'ok' | 'down'; mode: 'embedded' | 'external'; port?: number; clients?: number; url?: string };
  /** Starts accepting devices (embedded; the platform calls it after the modules' init). Nothing for an external broker. */
  listen(): Promise<void>;
  close(): Promise<void>;
}
