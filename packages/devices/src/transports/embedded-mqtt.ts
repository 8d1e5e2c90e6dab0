import type { Aedes, AuthenticateError, Client } from 'aedes';
import type { Logger } from '@zhicheng/kernel';
import type { ProvisionService } from './mqtt-provisioning.js';
import { createMqttProvisioning, PROVISION_USERNAME } from './mqtt-provisioning.js';
import type { Connectivity } from '../connectivity/connectivity.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { DeviceDirectory, DeviceInfo } from '../registry/device-directory.js';
import { tokenMatches } from '../registry/credentials.js';
import { isOfflineStatus, parseTopic } from './topics.js';

const DEVICE = Symbol('zhicheng.device');
const PROVISIONING = Symbol('zhicheng.provisioning');
type DeviceClient = Client & { [DEVICE]?: DeviceInfo; [PROVISIONING]?: true };

/** CONNACK return codes (aedes sends MQTT 5 clients the matching reason code: 0x88, 0x86). */
const SERVER_UNAVAILABLE = 3;
const BAD_CREDENTIALS = 4;
/** MQTT 5 DISCONNECT reason codes (an MQTT 3.1.1 connection is just closed). */
const UNSPECIFIED_ERROR = 0x80;
const ADMINISTRATIVE_ACTION = 0x98;

const authError = (code: typeof SERVER_UNAVAILABLE | typeof BAD_CREDENTIALS, message: string): AuthenticateError => Object.assign(new Error(message), { returnCode: code }) as AuthenticateError;

/**
 * Device access on the embedded broker (aedes 2: MQTT 3.1.1 and 5). Authentication:
 * username = device id with password = device token, or ThingsBoard-style username = token
 * and no password. ACL: a device publishes only to its own topics and subscribes only
 * below its own `zc/v1/devices/{id}/`. A QoS 1 PUBACK (QoS 2 PUBREC) is sent only after the
 * batch holding the message has committed: `authorizePublish` runs before aedes writes the
 * acknowledgement, and its callback waits for the durable write.
 *
 * A publish the ACL refuses ends an MQTT 3.1.1 connection (it has no way to say no); an
 * MQTT 5 device gets PUBACK 0x87 "not authorized" (aedes' answer to a refusal) and stays
 * connected. A publish that could not be stored ends the connection in both versions, so the
 * unacknowledged message is sent again (see `notStored`).
 *
 * Self-registration (ThingsBoard's MQTT provisioning): username `provision` without a password
 * may only publish `/provision/request` and subscribe to `/provision/response`; the answer is
 * delivered to that client alone.
 */
export function installEmbeddedHooks(broker: Aedes, o: { dir: DeviceDirectory; ingest: IngestService; connectivity: Connectivity; log: Logger; provision?: ProvisionService }) {
  const clients = new Map<string, Set<Client>>();
  const provisioning = o.provision ? createMqttProvisioning(o.provision, o.log) : null;

  broker.authenticate = (client, username, password, done) => {
    const c = client as DeviceClient;
    void (async () => {
      if (!username) return done(authError(BAD_CREDENTIALS, 'username required'), false);
      if (provisioning && username === PROVISION_USERNAME && !password?.length) {
        c[PROVISIONING] = true;
        return done(null, true);
      }
      let device: DeviceInfo | null;
      if (password && password.length) {
        device = await o.dir.get(username);
        if (device && !tokenMatches(password.toString('utf8'), device.tokenHash)) device = null;
      } else {
        device = await o.dir.byToken(username);
      }
      if (!device) return done(authError(BAD_CREDENTIALS, 'bad device credentials'), false);
      c[DEVICE] = device;
      let set = clients.get(device.id);
      if (!set) clients.set(device.id, (set = new Set()));
      set.add(client);
      done(null, true);
    })().catch((err: Error) => {
      o.log.error({ err }, 'mqtt authentication failed');
      done(authError(SERVER_UNAVAILABLE, 'authentication unavailable'), false);
    });
  };

  /**
   * A publish the device may make that was not stored (the durable write failed). For MQTT 5,
   * aedes would answer a failed `authorizePublish` with PUBACK 0x87 "not authorized" carrying
   * the error's text: the device would drop a reading that was never stored, and read an
   * internal error. Ending the connection first leaves the message unacknowledged, so the
   * device sends it again — what aedes does for MQTT 3.1.1.
   */
  const notStored = (client: Client, callback: (err?: Error | null) => void) => (err: Error) => {
    if (client.version === 5) client.disconnect({ reasonCode: UNSPECIFIED_ERROR }, () => callback(err));
    else callback(err);
  };

  broker.authorizePublish = (client, packet, callback) => {
    if (!client) return callback(null); // the broker's own publications ($SYS)
    if ((client as DeviceClient)[PROVISIONING]) return provisioning!.onPublish(client, packet, callback);
    const device = (client as DeviceClient)[DEVICE];
    const t = parseTopic(packet.topic);
    if (!device || !t || (t.deviceId !== null && t.deviceId !== device.id)) {
      o.log.warn({ clientId: client.id, device: device?.id, topic: packet.topic.slice(0, 200), version: client.version }, 'mqtt publish refused by ACL');
      return callback(new Error('topic not allowed for this device'));
    }
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    if (t.kind === 'status') {
      if (isOfflineStatus(payload)) void o.connectivity.disconnected(device.id, 'will').then(() => callback(null), notStored(client, callback));
      else callback(null);
      return;
    }
    o.ingest.ingest({ transport: 'mqtt', device: o.dir.peek(device.id) ?? device, topic: packet.topic, kind: t.kind, payload, receivedAt: Date.now() })
      .then(() => callback(null), notStored(client, callback));
  };

  broker.authorizeSubscribe = (client, sub, callback) => {
    if ((client as DeviceClient)[PROVISIONING]) return callback(null, provisioning!.maySubscribe(sub.topic) ? sub : null);
    const device = (client as DeviceClient)[DEVICE];
    const own = device ? `zc/v1/devices/${device.id}/` : null;
    if (own && sub.topic.startsWith(own)) return callback(null, sub);
    callback(null, null);
  };

  // Devices publish; nothing is forwarded to other devices.
  broker.authorizeForward = (client, packet) => {
    if ((client as DeviceClient)[PROVISIONING]) return provisioning!.mayReceive(packet.topic) ? packet : null;
    const device = (client as DeviceClient)[DEVICE];
    return device && packet.topic.startsWith(`zc/v1/devices/${device.id}/`) ? packet : null;
  };

  broker.on('clientDisconnect', (client) => {
    const device = (client as DeviceClient)[DEVICE];
    if (!device) return;
    const set = clients.get(device.id);
    set?.delete(client);
    if (set && set.size === 0) {
      clients.delete(device.id);
      void o.connectivity.disconnected(device.id, 'disconnect');
    }
  });

  return {
    /** Ends the connections of a device (credentials rotated, device deleted). */
    kick(deviceId: string) {
      for (const c of clients.get(deviceId) ?? []) c.disconnect({ reasonCode: ADMINISTRATIVE_ACTION });
    },
  };
}
