import type { Logger } from '@zhicheng/kernel';
import type { MqttClient } from 'mqtt';
import type { Connectivity } from '../connectivity/connectivity.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { EXTERNAL_FILTERS, isOfflineStatus, parseTopic } from './topics.js';

type SendPacket = (packet: { cmd: string; messageId?: number }, cb?: (err?: Error) => void) => void;

/**
 * Ingestion from an external broker (Mosquitto, EMQX): an MQTT 5 shared subscription
 * (`$share/<group>/zc/v1/devices/+/…`) so several ingest processes split the stream. Device
 * authentication and ACLs are the broker's job there (see README). The PUBACK to the broker
 * leaves only after the message's batch has committed.
 *
 * mqtt.js handles incoming packets one at a time and sends the PUBACK from the callback of
 * `customHandleAcks`; waiting there would make every batch one message long. So the callback
 * runs at once, and the PUBACK itself is held back in `_sendPacket` (mqtt.js 5 internals,
 * pinned by the test) until the commit: packets keep flowing, acknowledgements mean stored.
 */
export async function startExternalIngest(client: MqttClient, o: { ingest: IngestService; connectivity: Connectivity; group: string; log: Logger }): Promise<() => Promise<void>> {
  const pendingAcks = new Map<number, Promise<unknown>>();
  const c = client as unknown as { _sendPacket: SendPacket; options: { customHandleAcks?: unknown } };
  const original = c._sendPacket.bind(client);
  c._sendPacket = (packet, cb) => {
    const wait = packet.cmd === 'puback' && packet.messageId !== undefined ? pendingAcks.get(packet.messageId) : undefined;
    if (!wait) return original(packet, cb);
    pendingAcks.delete(packet.messageId!);
    cb?.();
    // A failed write is not acknowledged: the broker redelivers after reconnect.
    void wait.then(() => original(packet), (err: Error) => o.log.error({ err }, 'external ingest: write failed; message left unacknowledged'));
  };
  c.options.customHandleAcks = (topic: string, message: Buffer, packet: { messageId?: number; qos: number }, done: (err: Error | null, code: number) => void) => {
    // Answers of the broker's control API ($CONTROL/…) share this connection: not device data.
    if (topic.startsWith('$')) return done(null, 0);
    const t = parseTopic(topic);
    const receivedAt = Date.now();
    let p: Promise<unknown>;
    if (!t || t.deviceId === null) p = o.ingest.ingest({ transport: 'mqtt-external', deviceId: null, topic, kind: 'telemetry', payload: message, receivedAt });
    else if (t.kind === 'status') p = isOfflineStatus(message) ? o.connectivity.disconnected(t.deviceId, 'will') : Promise.resolve();
    else p = o.ingest.ingest({ transport: 'mqtt-external', deviceId: t.deviceId, topic, kind: t.kind, payload: message, receivedAt });
    if (packet.qos > 0 && packet.messageId !== undefined) pendingAcks.set(packet.messageId, p);
    done(null, 0);
  };
  const filters = EXTERNAL_FILTERS.map((f) => `$share/${o.group}/${f}`);
  await client.subscribeAsync(filters, { qos: 1 });
  o.log.info({ filters }, 'ingesting from the external MQTT broker');
  return async () => {
    await client.unsubscribeAsync(filters).catch(() => {});
    await Promise.allSettled([...pendingAcks.values()]);
  };
}
