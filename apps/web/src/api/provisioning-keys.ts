/**
 * Provisioning keys for device self-registration (`devices:manage`, within the caller's scope).
 *
 * Mirrored from packages/devices/src/schemas.ts (`ProvisioningKey`, `ProvisioningKeyInput`,
 * `ProvisioningKeyWithSecret`, `ProvisioningKeyQuery`); see devices.ts for why.
 */
import { apiFetch } from './client';
import { queryString } from './query';

export type ProvisioningKeyStatus = 'active' | 'expired' | 'revoked' | 'exhausted';

export interface ProvisioningKey {
  /** `zcpk_…`: what a device sends together with the secret. */
  id: string;
  name: string;
  profileId: string;
  departmentId: string | null;
  divisionCode: string | null;
  maxDevices: number;
  provisioned: number;
  status: ProvisioningKeyStatus;
  expiresAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The answer of a creation: the secret (`zcps_…`) is in it this once. */
export interface ProvisioningKeyWithSecret extends ProvisioningKey {
  secret: string;
}

export interface ProvisioningKeyInput {
  name: string;
  profileId: string;
  departmentId?: string | null;
  divisionCode?: string | null;
  maxDevices: number;
  /** At most the server's ZC_PROVISIONING_KEY_MAX_DAYS (400 `ERR_DEVICES_PROVISIONING_KEY_LIFETIME`). */
  expiresInDays: number;
}

export interface ProvisioningKeyQuery {
  includeRevoked: boolean;
  limit: number;
  offset: number;
}

const keys = '/api/v1/device-provisioning-keys';

export function listProvisioningKeys(query: ProvisioningKeyQuery, signal?: AbortSignal): Promise<{ items: ProvisioningKey[]; total: number }> {
  return apiFetch<{ items: ProvisioningKey[]; total: number }>(`${keys}${queryString({ ...query })}`, { signal });
}

export function createProvisioningKey(body: ProvisioningKeyInput): Promise<ProvisioningKeyWithSecret> {
  return apiFetch<ProvisioningKeyWithSecret>(keys, { method: 'POST', body });
}

/** Devices it registered keep their own credentials. */
export function revokeProvisioningKey(id: string): Promise<void> {
  return apiFetch<void>(`${keys}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
