import { isIP } from 'node:net';
import { badData } from '../errors.js';
import { isPrivateAddress } from '../subscriptions/ssrf.js';
import { DEFAULT_CSOURCE_TIMEOUT_MS } from './forwarder.js';

/**
 * At registration: refuses endpoints that name a loopback or private address outright (an IP
 * literal or localhost) unless ZC_ALLOW_PRIVATE_CALLBACKS=1. Host names are not resolved here
 * (a source may be registered before its name resolves); every forward resolves and checks again.
 */
export function assertRegistrableEndpoint(uri: string, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const host = new URL(uri).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host))) {
    throw badData(`The endpoint ${host} is a loopback or private address; such context sources are refused (ZC_ALLOW_PRIVATE_CALLBACKS).`);
  }
}

/**
 * ZC_CSOURCE_TIMEOUT_MS (100–60000 ms, default 3000, kernel config schema): the longest a
 * forwarded read may take.
 */
export function csourceTimeoutMs(config: { ZC_CSOURCE_TIMEOUT_MS?: number }): number {
  const v = Number(config.ZC_CSOURCE_TIMEOUT_MS);
  return Number.isInteger(v) && v >= 100 && v <= 60_000 ? v : DEFAULT_CSOURCE_TIMEOUT_MS;
}
