import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { badRequest } from '@zhicheng/kernel';

/** Loopback, private, link-local, carrier-grade NAT, multicast and reserved ranges. */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return true;
}

export interface ResolvedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Checks an outgoing callback URL: http(s) only, and every address its host resolves to
 * must be public unless private callbacks are allowed. The caller connects to the returned
 * address (not a second lookup), so a DNS answer cannot change between check and use.
 */
export async function resolveCallback(raw: string, allowPrivate: boolean): Promise<ResolvedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest('ERR_NOTIFY_INVALID_URL', 'The callback URL is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('ERR_NOTIFY_INVALID_URL', 'Callback URLs must use http or https.');
  if (url.username || url.password) throw badRequest('ERR_NOTIFY_INVALID_URL', 'Callback URLs may not carry credentials; the body is signed instead.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  } catch {
    throw badRequest('ERR_NOTIFY_UNRESOLVABLE_HOST', `The callback host ${host} does not resolve.`);
  }
  if (!addresses.length) throw badRequest('ERR_NOTIFY_UNRESOLVABLE_HOST', `The callback host ${host} does not resolve.`);
  if (!allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) {
    throw badRequest('ERR_NOTIFY_PRIVATE_ADDRESS', `The callback host ${host} resolves to a loopback or private address; set ZC_ALLOW_PRIVATE_CALLBACKS=1 to allow that.`);
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
