import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { badData } from '../errors.js';

/** Loopback, private, link-local, CGNAT, multicast and reserved ranges (IPv4 and IPv6). */
export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
  }
  const v = ip.toLowerCase();
  if (v === '::' || v === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return isPrivateAddress(mapped[1]!);
  return /^(fc|fd|fe[89ab]|ff)/.test(v);
}

/**
 * Refuses notification endpoints that resolve to a loopback or private address (SSRF), unless
 * ZC_ALLOW_PRIVATE_CALLBACKS=1. Every address the name resolves to is checked.
 */
export async function assertPublicEndpoint(uri: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  let host: string;
  try {
    host = new URL(uri).hostname.replace(/^\[|\]$/g, '');
  } catch {
    throw badData(`The endpoint ${uri} is not a URL.`);
  }
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      throw badData(`The endpoint host ${host} does not resolve.`);
    }
  }
  if (!addresses.length || addresses.some(isPrivateAddress)) {
    throw badData(`The endpoint ${host} resolves to a loopback or private address; such callbacks are refused (ZC_ALLOW_PRIVATE_CALLBACKS).`);
  }
}
