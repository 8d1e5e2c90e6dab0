import type { Aedes, Client } from 'aedes';

/** Inbound QoS 2 messages one connection may hold awaiting PUBREL (aedes 1.2.0's default). */
export const MAX_INFLIGHT_INBOUND = 1000;

type Incoming = {
  incomingStorePacket(client: Client, packet: { messageId?: number }): Promise<void>;
  incomingDelPacket(client: Client, packet: { messageId?: number }): Promise<void>;
};
/** aedes internals these fixes reach; none of them is in aedes' type declarations. */
type Internals = { clients: object; brokers: object; persistence: Incoming };
type ClientInternals = { subscriptions: object; duplicates: object };

/**
 * aedes 2.0.0-beta.1 was branched before aedes 1.1.3 / 1.2.0 and lacks their fixes; these
 * apply them from outside, for the embedded broker only. Each one was reproduced against the
 * beta (and not against 1.2.0); remove this file once a 2.x release carries them.
 *
 * - GHSA-52qw-whmv-87c5: the client, broker and subscription tables are plain objects keyed
 *   by strings from the wire, so a client id or topic filter such as `constructor` reads
 *   back an inherited member: connecting with that client id, or unsubscribing from that
 *   topic, throws outside any handler and ends the process. Null-prototype tables.
 * - A second PUBREL for the same message id in one read rejects `incomingDelPacket`
 *   through `.finally()`: an unhandled rejection, which ends the process. The delete is
 *   best effort there anyway (PUBCOMP is sent either way), so its failure is dropped.
 * - GHSA-5jvp-3p2v-5qgf: inbound QoS 2 messages awaiting PUBREL are unbounded per client.
 *   Capped at {@link MAX_INFLIGHT_INBOUND}; past it the store fails and aedes closes the
 *   connection, as 1.2.0 does.
 * - GHSA-p8r9-qf8w-p73r: a clean session leaves its QoS 2 dedup entries behind when it ends
 *   (the beta's aedes-persistence 10 has no `cleanIncoming`), so cycling client ids grows the
 *   store. The entries a clean connection leaves are deleted when it ends.
 *
 * Returns what to apply to each new connection's client, before it reads its first packet.
 */
export function applyAedesBetaFixes(broker: Aedes): (client: Client) => Client {
  const b = broker as unknown as Internals;
  Object.setPrototypeOf(b.clients, null);
  Object.setPrototypeOf(b.brokers, null);

  const persistence = b.persistence;
  const store = persistence.incomingStorePacket.bind(persistence);
  const del = persistence.incomingDelPacket.bind(persistence);
  const inflight = new WeakMap<Client, Set<number>>();
  persistence.incomingStorePacket = (client, packet) => {
    let ids = inflight.get(client);
    if (!ids) inflight.set(client, (ids = new Set()));
    const id = packet.messageId ?? 0;
    // Reserved synchronously: aedes handles the packets of one read concurrently.
    if (!ids.has(id) && ids.size >= MAX_INFLIGHT_INBOUND) {
      return Promise.reject(new Error(`more than ${MAX_INFLIGHT_INBOUND} inbound QoS 2 messages awaiting PUBREL`));
    }
    ids.add(id);
    return store(client, packet);
  };
  persistence.incomingDelPacket = (client, packet) => del(client, packet).then(
    () => void inflight.get(client)?.delete(packet.messageId ?? 0),
    () => undefined,
  );
  broker.on('clientDisconnect', (client) => {
    const ids = inflight.get(client);
    inflight.delete(client);
    if (!ids || !client.clean) return;
    for (const messageId of ids) void del(client, { messageId }).catch(() => undefined);
  });

  return (client) => {
    const c = client as unknown as ClientInternals;
    Object.setPrototypeOf(c.subscriptions, null);
    Object.setPrototypeOf(c.duplicates, null);
    return client;
  };
}
