import { bearerToken, type AuthenticatorLink, type Principal } from '@zhicheng/kernel';
import { looksLikeDeviceToken, TOKEN_PREFIX } from './credentials.js';
import type { DeviceDirectory, DeviceInfo } from './device-directory.js';

/** The permission a device principal holds, and the only one. */
export const DEVICE_PERMISSION = 'telemetry:write';

/**
 * The principal of a device that authenticated with its token. It sends telemetry for
 * itself and nothing else: it holds `telemetry:write` only, has no data scope (the
 * authorisation service grants non-identity principals none), and the kernel admits it only
 * on routes that name the `device` kind.
 */
export class DevicePrincipal implements Principal {
  readonly kind = 'device' as const;
  constructor(readonly device: DeviceInfo) {}
  get id() {
    return this.device.id;
  }
  get name() {
    return this.device.id;
  }
  get departmentId() {
    return this.device.departmentId;
  }
  can(permission: string) {
    return permission === DEVICE_PERMISSION;
  }
}

/**
 * Devices' link of the kernel's authenticator chain: it claims `Authorization: Bearer zcd_…`
 * (so such tokens are never looked up as API keys) and resolves them through the in-memory
 * directory, one database lookup per token and TTL rather than per request.
 */
export function createDeviceAuthenticator(dir: DeviceDirectory): AuthenticatorLink {
  return {
    name: 'devices',
    claims: (req) => bearerToken(req)?.startsWith(TOKEN_PREFIX) ?? false,
    async authenticate(req) {
      const token = bearerToken(req);
      if (!token || !looksLikeDeviceToken(token)) return null;
      const device = await dir.byToken(token);
      return device ? new DevicePrincipal(device) : null;
    },
  };
}
