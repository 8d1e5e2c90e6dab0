import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { startExternalIngest } from './external-mqtt.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { Connectivity } from '../connectivity/connectivity.js';

describe('external broker: PUBACK after commit', () => {
  it('releases the packet at once but sends its PUBACK only when the write has committed', async () => {
    const sent: { cmd: string; messageId?: number }[] = [];
    let commit: () => void = () => {};
    const fake = {
      options: {} as { customHandleAcks?: (topic: string, msg: Buffer, packet: { messageId?: number; qos: number }, done: (e: Error | null, c: number) => void) => void },
      _sendPacket(packet: { cmd: string; messageId?: number }, cb?: () => void) {
        sent.push(packet);
        cb?.();
      },
      subscribeAsync: async () => [],
      unsubscribeAsync: async () => undefined,
    };
    const ingest = { ingest: () => new Promise<void>((r) => (commit = r)) } as unknown as IngestService;
    await startExternalIngest(fake as unknown as MqttClient, { ingest, connectivity: {} as Connectivity, group: 'g', log: pino({ level: 'silent' }) });
    let released = false;
    fake.options.customHandleAcks!('zc/v1/devices/d1/telemetry', Buffer.from('{}'), { messageId: 7, qos: 1 }, () => {
      // what mqtt.js does next: hand the PUBACK to _sendPacket, whose callback frees the next packet
      (fake as unknown as { _sendPacket(p: object, cb: () => void): void })._sendPacket({ cmd: 'puback', messageId: 7 }, () => (released = true));
    });
    expect(released).toBe(true);
    expect(sent).toEqual([]);
    commit();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([{ cmd: 'puback', messageId: 7 }]);
  });
});
