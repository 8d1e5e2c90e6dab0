import { AppError } from '@zhicheng/kernel';

/** Stable codes of this package: `ERR_DEVICES_*` for the registry, `ERR_INGEST_*` for the pipeline. */
export const DEVICE_NOT_FOUND = 'ERR_DEVICES_NOT_FOUND';
export const PROFILE_NOT_FOUND = 'ERR_DEVICES_PROFILE_NOT_FOUND';

/** Codes of `POST /api/v1/devices/batch`, the whole request and each item. */
export const BATCH = {
  body: 'ERR_DEVICES_BATCH_INVALID',
  tooLarge: 'ERR_DEVICES_BATCH_TOO_LARGE',
  invalid: 'ERR_VALIDATION',
  duplicate: 'ERR_DEVICES_BATCH_DUPLICATE_ID',
  profile: 'ERR_DEVICES_PROFILE_NOT_FOUND',
  outOfScope: 'ERR_DEVICES_OUT_OF_SCOPE',
  idTaken: 'ERR_DEVICES_ID_TAKEN',
  conflict: 'ERR_DEVICES_BATCH_CONFLICT',
} as const;

/** Codes of device self-registration with a provisioning key. */
export const PROVISION = {
  /** Unknown key or wrong secret: one answer for both, so neither can be probed. */
  denied: 'ERR_DEVICES_PROVISION_DENIED',
  expired: 'ERR_DEVICES_PROVISION_KEY_EXPIRED',
  revoked: 'ERR_DEVICES_PROVISION_KEY_REVOKED',
  limit: 'ERR_DEVICES_PROVISION_LIMIT_REACHED',
  /** MQTT only (HTTP answers 200 with status "exists"): registered before with this key, no new credentials. */
  already: 'ERR_DEVICES_PROVISIONED_ALREADY',
  outOfScope: 'ERR_DEVICES_OUT_OF_SCOPE',
  idTaken: 'ERR_DEVICES_ID_TAKEN',
  keyNotFound: 'ERR_DEVICES_PROVISIONING_KEY_NOT_FOUND',
  lifetime: 'ERR_DEVICES_PROVISIONING_KEY_LIFETIME',
} as const;

export const INGEST = {
  malformed: 'ERR_INGEST_MALFORMED_PAYLOAD',
  unknownDevice: 'ERR_INGEST_UNKNOWN_DEVICE',
  mapping: 'ERR_INGEST_MAPPING_FAILED',
  invalidValue: 'ERR_INGEST_INVALID_VALUE',
  outOfRange: 'ERR_INGEST_OUT_OF_RANGE',
  timestamp: 'ERR_INGEST_TIMESTAMP_INVALID',
  unknownAttribute: 'ERR_INGEST_UNKNOWN_ATTRIBUTE',
  topic: 'ERR_INGEST_TOPIC_UNKNOWN',
  rejected: 'ERR_INGEST_WRITE_REJECTED',
  tooLarge: 'ERR_INGEST_PAYLOAD_TOO_LARGE',
} as const;
export type IngestCode = (typeof INGEST)[keyof typeof INGEST];

export const deviceNotFound = (id: string) => new AppError(404, DEVICE_NOT_FOUND, `Device ${id} does not exist or is not yours to see.`);
export const profileNotFound = (id: string) => new AppError(404, PROFILE_NOT_FOUND, `No device profile has the id ${id}.`);
export const queueFull = (retryAfterS: number) =>
  new AppError(503, 'ERR_INGEST_BUSY', `Ingestion is at capacity; retry in ${retryAfterS} s.`, { retryAfter: retryAfterS });
