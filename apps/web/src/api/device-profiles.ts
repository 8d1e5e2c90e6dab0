/**
 * Device profiles as the console edits them: create, change, delete, and map a test payload.
 *
 * Mirrored from packages/devices/src/schemas.ts (`ProfileInput`, `ProfilePatch`, `PreviewResult`)
 * and routes/profile-routes.ts; see devices.ts for why the types are not imported.
 */
import { apiFetch } from './client';
import type { AttributeSpec, DeviceProfile } from './devices';

export const PROFILE_PROTOCOLS = ['any', 'mqtt', 'http'] as const;
export type ProfileProtocol = (typeof PROFILE_PROTOCOLS)[number];

/** devices `ProfilePatch`: every field optional; `expression: null` selects the flat shape. */
export interface ProfilePatch {
  name?: string;
  description?: string;
  entityType?: string;
  protocol?: ProfileProtocol;
  expression?: string | null;
  attributes?: Record<string, AttributeSpec>;
  strict?: boolean;
  inactivitySeconds?: number;
}

/** devices `ProfileInput`. */
export interface ProfileInput extends ProfilePatch {
  id: string;
  name: string;
  entityType: string;
}

/** devices `PreviewResult`: the observations a payload maps to, or why it would be refused. */
export interface PreviewResult {
  ok: boolean;
  observations: { name: string; value: unknown; unitCode?: string; observedAt: string }[];
  error?: { code: string; reason: string };
}

const profiles = '/api/v1/device-profiles';
const oneProfile = (id: string) => `${profiles}/${encodeURIComponent(id)}`;

export function getDeviceProfile(id: string, signal?: AbortSignal): Promise<DeviceProfile> {
  return apiFetch<DeviceProfile>(oneProfile(id), { signal });
}

/** 409 `ERR_DEVICES_PROFILE_ID_TAKEN`; 400 `ERR_DEVICES_MAPPING_INVALID` when the JSONata does not compile. */
export function createDeviceProfile(body: ProfileInput): Promise<DeviceProfile> {
  return apiFetch<DeviceProfile>(profiles, { method: 'POST', body });
}

export function updateDeviceProfile(id: string, body: ProfilePatch): Promise<DeviceProfile> {
  return apiFetch<DeviceProfile>(oneProfile(id), { method: 'PATCH', body });
}

/** 409 `ERR_DEVICES_PROFILE_IN_USE` while devices or active provisioning keys use it. */
export function deleteDeviceProfile(id: string): Promise<void> {
  return apiFetch<void>(oneProfile(id), { method: 'DELETE' });
}

/** Unsaved edits a preview maps with in place of the saved profile's (undefined keeps the saved one). */
export interface PreviewDraft {
  /** null: the flat shape. */
  expression?: string | null;
  attributes?: Record<string, AttributeSpec>;
  strict?: boolean;
}

/** Maps `payload` with profile `id`, with the draft's edits in place of the saved fields. */
export function previewDeviceProfile(id: string, payload: unknown, draft: PreviewDraft = {}, signal?: AbortSignal): Promise<PreviewResult> {
  return apiFetch<PreviewResult>(`${oneProfile(id)}/preview`, { method: 'POST', body: { payload, ...draft }, signal });
}
