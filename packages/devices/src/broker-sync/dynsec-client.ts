import { randomBytes } from 'node:crypto';
import type { Logger } from '@zhicheng/kernel';
import type { MqttClient } from 'mqtt';

export const DYNSEC_TOPIC = '$CONTROL/dynamic-security/v1';
export const DYNSEC_RESPONSE_TOPIC = `${DYNSEC_TOPIC}/response`;

export interface DynsecCommand {
  command: string;
  [field: string]: unknown;
}

export interface DynsecResponse {
  command: string;
  error?: string;
  correlationData?: string;
  data?: unknown;
}

/**
 * Commands to Mosquitto's dynamic-security plugin over the platform's own connection to the
 * external broker: a batch is published to `$CONTROL/dynamic-security/v1`, and the plugin
 * answers all of it in one message on `…/response`, matched here by the correlation data it
 * echoes. The connection's user must hold the plugin's admin role.
 */
export function createDynsecClient(client: MqttClient, log: Logger, timeoutMs = 10_000) {
  const pending = new Map<string, { resolve(r: DynsecResponse[]): void; timer: NodeJS.Timeout }>();
  let subscribed: Promise<void> | null = null;

  const onMessage = (topic: string, message: Buffer) => {
    if (topic !== DYNSEC_RESPONSE_TOPIC) return;
    let body: { responses?: DynsecResponse[] };
    try {
      body = JSON.parse(message.toString('utf8')) as { responses?: DynsecResponse[] };
    } catch {
      return;
    }
    const batch = body.responses?.[0]?.correlationData?.split(':')[0];
    const waiter = batch ? pending.get(batch) : undefined;
    if (!waiter) return; // another platform process's answer
    pending.delete(batch!);
    clearTimeout(waiter.timer);
    waiter.resolve(body.responses!);
  };
  client.on('message', onMessage);

  return {
    /** Runs the commands in order; resolves with one response per command (each may carry an `error`). */
    async run(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
      subscribed ??= client.subscribeAsync(DYNSEC_RESPONSE_TOPIC, { qos: 1 }).then(() => undefined, (err: Error) => {
        subscribed = null;
        throw err;
      });
      await subscribed;
      const batch = randomBytes(8).toString('hex');
      const answered = new Promise<DynsecResponse[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(batch);
          reject(new Error(`no answer from the dynamic-security plugin in ${timeoutMs} ms (is the plugin loaded, and may the user of MQTT_URL administer it?)`));
        }, timeoutMs);
        pending.set(batch, { resolve, timer });
      });
      await client.publishAsync(DYNSEC_TOPIC, JSON.stringify({ commands: commands.map((c, i) => ({ ...c, correlationData: `${batch}:${i}` })) }), { qos: 1 });
      const responses = await answered;
      if (responses.length !== commands.length) log.warn({ sent: commands.length, answered: responses.length }, 'dynamic-security: unexpected number of answers');
      return responses;
    },
    close() {
      client.removeListener('message', onMessage);
      for (const [id, w] of pending) {
        clearTimeout(w.timer);
        pending.delete(id);
      }
    },
  };
}

export type DynsecClient = ReturnType<typeof createDynsecClient>;

/** The role that carries one device's ACL. */
export const deviceRole = (deviceId: string) => `zc-device-${deviceId}`;

/**
 * What a device may do on the broker, as on the embedded one: publish its own telemetry,
 * attributes and status, subscribe below its own prefix (commands), nothing else (the
 * plugin's default ACL access denies publishing and subscribing).
 */
export function deviceAcls(deviceId: string) {
  const own = `zc/v1/devices/${deviceId}`;
  return [
    ...['telemetry', 'attributes', 'status'].map((k) => ({ acltype: 'publishClientSend', topic: `${own}/${k}`, priority: 0, allow: true })),
    { acltype: 'subscribePattern', topic: `${own}/#`, priority: 0, allow: true },
  ];
}

/**
 * Create or replace a device's client: deleting it first ends its connections (a rotated
 * token stops at once) and makes the batch idempotent; the role is created when missing.
 */
export const upsertCommands = (deviceId: string, password: string): DynsecCommand[] => [
  { command: 'deleteClient', username: deviceId },
  { command: 'createRole', rolename: deviceRole(deviceId), textname: `Zhicheng device ${deviceId}`, acls: deviceAcls(deviceId) },
  { command: 'createClient', username: deviceId, password, textname: `Zhicheng device ${deviceId}`, roles: [{ rolename: deviceRole(deviceId), priority: 0 }] },
];

export const deleteCommands = (deviceId: string): DynsecCommand[] => [
  { command: 'deleteClient', username: deviceId },
  { command: 'deleteRole', rolename: deviceRole(deviceId) },
];

/** Errors that mean "already as wanted" for these idempotent batches. */
const HARMLESS = /^(Client not found|Role not found|Role already exists)$/;

/** The first real failure of a batch, or null. */
export function firstFailure(responses: DynsecResponse[]): string | null {
  const bad = responses.find((r) => r.error && !HARMLESS.test(r.error));
  return bad ? `${bad.command}: ${bad.error}` : null;
}
