import { Value } from '@sinclair/typebox/value';
import type { Client, PublishPacket } from 'aedes';
import { AppError, type Logger } from '@zhicheng/kernel';
import { PROVISION } from '../errors.js';
import type { ProvisionSource } from '../provisioning/provisioning-service.js';
import { ProvisionRequest, type ProvisionResult } from '../schemas.js';

export type ProvisionService = (input: ProvisionRequest, src: ProvisionSource) => Promise<ProvisionResult>;

/** ThingsBoard's device provisioning over MQTT: this username, no password. */
export const PROVISION_USERNAME = 'provision';
export const REQUEST_TOPIC = '/provision/request';
export const RESPONSE_TOPIC = '/provision/response';

/** Requests one provisioning connection may make (a device needs one; a retry or two are fine). */
const MAX_REQUESTS = 3;

type State = { inFlight: boolean; requests: number };

/** The request body, ThingsBoard's field names or ours. */
function toRequest(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const { deviceName, provisionDeviceKey, provisionDeviceSecret, credentialsType: _c, ...rest } = body as Record<string, unknown>;
  return {
    ...rest,
    ...(provisionDeviceKey !== undefined ? { key: provisionDeviceKey } : {}),
    ...(provisionDeviceSecret !== undefined ? { secret: provisionDeviceSecret } : {}),
    ...(deviceName !== undefined ? { deviceId: rest.deviceId ?? deviceName, name: rest.name ?? deviceName } : {}),
  };
}

/**
 * Self-registration on the embedded broker, ThingsBoard-compatible: a client logged in as
 * `provision` publishes `{ deviceName, provisionDeviceKey, provisionDeviceSecret }` to
 * `/provision/request` and receives, on `/provision/response` and to itself alone,
 * `{ status: "SUCCESS", credentialsType: "ACCESS_TOKEN", credentialsValue: <token> }` or
 * `{ status: "FAILURE", code, errorMsg }`. Nothing else is open to it. The request (it holds
 * the secret) is emptied before aedes routes it, and nobody may subscribe to its topic.
 */
export function createMqttProvisioning(provision: ProvisionService, log: Logger) {
  const states = new WeakMap<Client, State>();

  const respond = (client: Client, body: Record<string, unknown>) => new Promise<void>((resolve) => {
    client.publish({ cmd: 'publish', topic: RESPONSE_TOPIC, payload: Buffer.from(JSON.stringify(body)), qos: 1, retain: false, dup: false } as PublishPacket, () => resolve());
  });

  async function answer(client: Client, raw: Buffer): Promise<Record<string, unknown>> {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return { status: 'FAILURE', code: 'ERR_INVALID_JSON', errorMsg: 'The request is not JSON.' };
    }
    const input = toRequest(body);
    if (!Value.Check(ProvisionRequest, input)) {
      const first = Value.Errors(ProvisionRequest, input).First();
      return { status: 'FAILURE', code: 'ERR_VALIDATION', errorMsg: `${first?.path || 'request'}: ${first?.message ?? 'invalid'}` };
    }
    const sourceIp = (client as unknown as { conn?: { remoteAddress?: string } }).conn?.remoteAddress ?? null;
    try {
      const r = await provision(input, { transport: 'mqtt', sourceIp });
      if (r.status === 'exists' || !r.credentials) {
        return { status: 'FAILURE', code: PROVISION.already, errorMsg: `Device ${r.device.id} is registered already with this key; use the credentials of the first answer (an administrator can rotate them).` };
      }
      return { status: 'SUCCESS', credentialsType: 'ACCESS_TOKEN', credentialsValue: r.credentials.token, deviceId: r.device.id, mqttUsername: r.credentials.mqttUsername, mqttPassword: r.credentials.mqttPassword };
    } catch (err) {
      if (err instanceof AppError) return { status: 'FAILURE', code: err.code, errorMsg: err.message };
      log.error({ err }, 'mqtt provisioning failed');
      return { status: 'FAILURE', code: 'ERR_INTERNAL', errorMsg: 'Registration is unavailable; try again later.' };
    }
  }

  return {
    maySubscribe: (topic: string) => topic === RESPONSE_TOPIC,
    mayReceive: (topic: string) => topic === RESPONSE_TOPIC,
    onPublish(client: Client, packet: PublishPacket, callback: (err?: Error | null) => void) {
      let st = states.get(client);
      if (!st) states.set(client, (st = { inFlight: false, requests: 0 }));
      if (packet.topic !== REQUEST_TOPIC || st.inFlight || st.requests >= MAX_REQUESTS) {
        // MQTT 3.1.1: aedes ends the connection; MQTT 5: PUBACK 0x87, the connection stays.
        log.warn({ clientId: client.id, topic: packet.topic.slice(0, 200), version: client.version }, 'mqtt provisioning client refused');
        return callback(new Error('not allowed for a provisioning client'));
      }
      st.inFlight = true;
      st.requests++;
      const raw = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      // The secret goes no further than this function.
      packet.payload = Buffer.alloc(0);
      packet.retain = false;
      void answer(client, raw).then(async (body) => {
        await respond(client, body);
        st.inFlight = false;
        callback(null);
      });
    },
  };
}
