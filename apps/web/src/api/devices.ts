/**
 * The device registry and ingestion's dead letters, as the console uses them.
 *
 * Mirrored from packages/devices/src/schemas.ts (`Device`, `DeviceWithSecret`, `ListDevicesQuery`,
 * `Profile`, `AttributeSpec`, `DeadLetter`, `DeadLetterQuery`): `import type` from @zhicheng/devices does not
 * type-check under this tsconfig (see admin-types.ts), so keep these in step with that file.
 */
import { apiFetch } from './client';
import { queryString } from './query';

export type DeviceStatus = 'never' | 'online' | 'offline';
export const DEVICE_STATUSES: readonly DeviceStatus[] = ['online', 'offline', 'never'];

/** devices `Device`. */
export interface Device {
  id: string;
  name: string;
  profileId: string;
  departmentId: string | null;
  divisionCode: string | null;
  location: { lon: number; lat: number } | null;
  entityId: string;
  entityType: string;
  vendor: string | null;
  model: string | null;
  firmware: string | null;
  tags: string[];
  status: DeviceStatus;
  /** Why the state last changed: `message`, `inactivity`, `disconnect`, `will`. */
  statusReason: string | null;
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** devices `DeviceWithSecret`: answered once, at creation and rotation. */
export interface DeviceWithSecret extends Device {
  credentials: { token: string; mqttUsername: string; mqttPassword: string };
}

/** devices `ListDevicesQuery`; `division` takes a subtree (a county and its townships). */
export interface DeviceQuery {
  division?: string;
  department?: string;
  profile?: string;
  status?: DeviceStatus;
  q?: string;
  limit: number;
  offset: number;
}

/** devices `DeviceList`. */
export interface DeviceList {
  items: Device[];
  total: number;
  limit: number;
  offset: number;
}

/** devices `AttributeSpec`: what a mapped attribute must be, and its UN/CEFACT unit code. */
export interface AttributeSpec {
  unitCode?: string;
  type?: 'number' | 'string' | 'boolean' | 'any';
  min?: number;
  max?: number;
}

/** devices `Profile`. */
export interface DeviceProfile {
  id: string;
  name: string;
  description: string;
  entityType: string;
  /** `mqtt`, `http` or `any`. */
  protocol: string;
  /** JSONata from the vendor's payload to `{ ts?, values }`; null = the flat ThingsBoard shape. */
  expression: string | null;
  attributes: Record<string, AttributeSpec>;
  strict: boolean;
  inactivitySeconds: number;
  builtin: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The simulator tags every device it provisions so (packages/simulator/src/http-transport.ts). */
export const SIMULATED_TAG = 'simulated';
export const isSimulatedDevice = (device: Pick<Device, 'tags'>): boolean => device.tags.includes(SIMULATED_TAG);

const devices = '/api/v1/devices';
const oneDevice = (id: string) => `${devices}/${encodeURIComponent(id)}`;

export function listDevices(query: DeviceQuery, signal?: AbortSignal): Promise<DeviceList> {
  return apiFetch<DeviceList>(`${devices}${queryString({ ...query })}`, { signal });
}

export function getDevice(id: string, signal?: AbortSignal): Promise<Device> {
  return apiFetch<Device>(oneDevice(id), { signal });
}

/** devices `DevicePatch`, the fields the console changes; null clears a place. */
export interface DevicePatch {
  name?: string;
  profileId?: string;
  departmentId?: string | null;
  divisionCode?: string | null;
}

export function updateDevice(id: string, body: DevicePatch): Promise<Device> {
  return apiFetch<Device>(oneDevice(id), { method: 'PATCH', body });
}

export function deleteDevice(id: string): Promise<void> {
  return apiFetch<void>(oneDevice(id), { method: 'DELETE' });
}

/** The new token is in the answer only; the old one stops working at once. */
export function rotateDeviceCredentials(id: string): Promise<DeviceWithSecret> {
  return apiFetch<DeviceWithSecret>(`${oneDevice(id)}/credentials`, { method: 'POST' });
}

export function listDeviceProfiles(signal?: AbortSignal): Promise<{ items: DeviceProfile[] }> {
  return apiFetch<{ items: DeviceProfile[] }>('/api/v1/device-profiles', { signal });
}

/** Reason codes of the ingestion pipeline (packages/devices/src/errors.ts `INGEST`). */
export const DEAD_LETTER_REASONS = [
  'ERR_INGEST_MALFORMED_PAYLOAD',
  'ERR_INGEST_UNKNOWN_DEVICE',
  'ERR_INGEST_MAPPING_FAILED',
  'ERR_INGEST_INVALID_VALUE',
  'ERR_INGEST_OUT_OF_RANGE',
  'ERR_INGEST_TIMESTAMP_INVALID',
  'ERR_INGEST_UNKNOWN_ATTRIBUTE',
  'ERR_INGEST_TOPIC_UNKNOWN',
  'ERR_INGEST_WRITE_REJECTED',
  'ERR_INGEST_PAYLOAD_TOO_LARGE',
] as const;

/** devices `DeadLetter`. */
export interface DeadLetter {
  id: number;
  receivedAt: string;
  transport: string;
  deviceId: string | null;
  topic: string | null;
  reasonCode: string;
  reason: string;
  /** UTF-8 text, or base64 when the bytes are not UTF-8 (`payloadEncoding`). */
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
  replayedAt: string | null;
  /** `stored`, or `<code>: <reason>` of the failed replay. */
  replayResult: string | null;
}

/** devices `DeadLetterQuery`: both filters match exactly. */
export interface DeadLetterQuery {
  device?: string;
  reason?: string;
  limit: number;
  offset: number;
}

export interface DeadLetterList {
  items: DeadLetter[];
  total: number;
}

/** The answer of a replay: stored as observations, or refused again with its reason. */
export interface ReplayResult {
  id: number;
  result: 'stored' | 'failed';
  code?: string;
  reason?: string;
}

export function listDeadLetters(query: DeadLetterQuery, signal?: AbortSignal): Promise<DeadLetterList> {
  return apiFetch<DeadLetterList>(`/api/v1/dead-letters${queryString({ ...query })}`, { signal });
}

export function replayDeadLetter(id: number): Promise<ReplayResult> {
  return apiFetch<ReplayResult>(`/api/v1/dead-letters/${id}/replay`, { method: 'POST' });
}
