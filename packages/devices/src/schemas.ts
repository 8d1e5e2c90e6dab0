import { Type, type Static } from '@sinclair/typebox';

/** Request and response shapes of the device APIs, written once (routes, OpenAPI, console types). */
export const DeviceId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$', description: 'Device id (letters, digits, . _ : -).' });
export const ProfileId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });
export const DivisionCode = Type.String({ pattern: '^\\d{6}(\\d{3})?$' });

export const AttributeSpec = Type.Object({
  unitCode: Type.Optional(Type.String({ maxLength: 20 })),
  type: Type.Optional(Type.Union([Type.Literal('number'), Type.Literal('string'), Type.Literal('boolean'), Type.Literal('any')])),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
}, { additionalProperties: false });
export type AttributeSpec = Static<typeof AttributeSpec>;

export const ProfileFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  entityType: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,99}$' }),
  protocol: Type.Optional(Type.Union([Type.Literal('mqtt'), Type.Literal('http'), Type.Literal('any')])),
  expression: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 20000 }), Type.Null()], { description: 'JSONata from the payload to { ts?, values } (or an array of them); null = flat ThingsBoard shape.' })),
  attributes: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,99}$' }), AttributeSpec)),
  strict: Type.Optional(Type.Boolean()),
  inactivitySeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 30 * 86400 })),
};
export const ProfileInput = Type.Object({ id: ProfileId, ...ProfileFields }, { additionalProperties: false });
export type ProfileInput = Static<typeof ProfileInput>;
export const ProfilePatch = Type.Partial(Type.Object(ProfileFields), { additionalProperties: false });
export type ProfilePatch = Static<typeof ProfilePatch>;

export const Profile = Type.Object({
  id: Type.String(), name: Type.String(), description: Type.String(), entityType: Type.String(),
  protocol: Type.String(), expression: Type.Union([Type.String(), Type.Null()]),
  attributes: Type.Record(Type.String(), AttributeSpec), strict: Type.Boolean(), inactivitySeconds: Type.Integer(),
  builtin: Type.Boolean(), createdAt: Type.String(), updatedAt: Type.String(),
});
export type Profile = Static<typeof Profile>;

export const PreviewResult = Type.Object({
  ok: Type.Boolean(),
  observations: Type.Array(Type.Object({ name: Type.String(), value: Type.Unknown(), unitCode: Type.Optional(Type.String()), observedAt: Type.String() })),
  error: Type.Optional(Type.Object({ code: Type.String(), reason: Type.String() })),
});

export const DeviceStatus = Type.Union([Type.Literal('never'), Type.Literal('online'), Type.Literal('offline')]);

const DeviceFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  profileId: ProfileId,
  departmentId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  divisionCode: Type.Optional(Type.Union([DivisionCode, Type.Null()])),
  location: Type.Optional(Type.Union([Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) }), Type.Null()])),
  entityId: Type.Optional(Type.String({ pattern: '^urn:ngsi-ld:[A-Za-z0-9_]+:.+$', maxLength: 300 })),
  vendor: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  model: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  firmware: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
};
export const DeviceInput = Type.Object({ id: DeviceId, ...DeviceFields }, { additionalProperties: false });
export type DeviceInput = Static<typeof DeviceInput>;
export const DevicePatch = Type.Partial(Type.Object(DeviceFields), { additionalProperties: false });
export type DevicePatch = Static<typeof DevicePatch>;

export const Device = Type.Object({
  id: Type.String(), name: Type.String(), profileId: Type.String(),
  departmentId: Type.Union([Type.String(), Type.Null()]), divisionCode: Type.Union([Type.String(), Type.Null()]),
  location: Type.Union([Type.Object({ lon: Type.Number(), lat: Type.Number() }), Type.Null()]),
  entityId: Type.String(), entityType: Type.String(),
  vendor: Type.Union([Type.String(), Type.Null()]), model: Type.Union([Type.String(), Type.Null()]), firmware: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()), status: DeviceStatus, statusReason: Type.Union([Type.String(), Type.Null()]),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(), updatedAt: Type.String(),
  provisioningKeyId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'The provisioning key the device registered itself with.' })),
});
export type Device = Static<typeof Device>;

export const DeviceCredentials = Type.Object({ token: Type.String(), mqttUsername: Type.String(), mqttPassword: Type.String() });

/** Returned once, at creation and rotation: the secret is never shown again. */
export const DeviceWithSecret = Type.Intersect([Device, Type.Object({ credentials: DeviceCredentials })]);

/** Most devices one `POST /api/v1/devices/batch` takes (one transaction each). */
export const MAX_DEVICE_BATCH = 1000;

/**
 * Bulk, idempotent provisioning: each item is a `DeviceInput` (the body of `POST /api/v1/devices`),
 * validated on its own so one bad item never refuses the others.
 */
export const DeviceBatchRequest = Type.Object({
  items: Type.Array(DeviceInput, { minItems: 1, maxItems: MAX_DEVICE_BATCH }),
}, { additionalProperties: false });
export type DeviceBatchRequest = Static<typeof DeviceBatchRequest>;

export const DeviceBatchOutcome = Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged'), Type.Literal('error')]);
export type DeviceBatchOutcome = Static<typeof DeviceBatchOutcome>;

export const DeviceBatchItemResult = Type.Object({
  index: Type.Integer({ description: 'Position of the item in the request.' }),
  id: Type.Union([Type.String(), Type.Null()]),
  result: DeviceBatchOutcome,
  entityId: Type.Optional(Type.String()),
  credentials: Type.Optional(Type.Object(DeviceCredentials.properties, { description: 'Created devices only, shown this once.' })),
  error: Type.Optional(Type.Object({ status: Type.Integer(), code: Type.String(), message: Type.String() })),
});
export type DeviceBatchItemResult = Static<typeof DeviceBatchItemResult>;

export const DeviceBatchResult = Type.Object({
  created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), failed: Type.Integer(),
  items: Type.Array(DeviceBatchItemResult),
});
export type DeviceBatchResult = Static<typeof DeviceBatchResult>;

export const ListDevicesQuery = Type.Object({
  division: Type.Optional(DivisionCode),
  department: Type.Optional(Type.String({ maxLength: 100 })),
  profile: Type.Optional(ProfileId),
  status: Type.Optional(DeviceStatus),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export type ListDevicesQuery = Static<typeof ListDevicesQuery>;
export const DeviceList = Type.Object({ items: Type.Array(Device), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const DeadLetter = Type.Object({
  id: Type.Integer(), receivedAt: Type.String(), transport: Type.String(), deviceId: Type.Union([Type.String(), Type.Null()]),
  topic: Type.Union([Type.String(), Type.Null()]), reasonCode: Type.String(), reason: Type.String(),
  payload: Type.String({ description: 'UTF-8 text of the payload, or base64 when it is not valid UTF-8 (payloadEncoding).' }),
  payloadEncoding: Type.Union([Type.Literal('utf8'), Type.Literal('base64')]),
  replayedAt: Type.Union([Type.String(), Type.Null()]), replayResult: Type.Union([Type.String(), Type.Null()]),
});
export const DeadLetterQuery = Type.Object({
  device: Type.Optional(Type.String({ maxLength: 100 })),
  reason: Type.Optional(Type.String({ maxLength: 60 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export const DeadLetterList = Type.Object({ items: Type.Array(DeadLetter), total: Type.Integer() });

export const TelemetryResult = Type.Object({
  accepted: Type.Integer({ description: 'Messages stored as observations.' }),
  points: Type.Integer(),
  deadLettered: Type.Array(Type.Object({ index: Type.Integer(), code: Type.String(), reason: Type.String() })),
});
export type TelemetryResult = Static<typeof TelemetryResult>;

/** A provisioning key as administrators see it (never its secret, which is shown once at creation). */
export const ProvisioningKeyInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  profileId: ProfileId,
  departmentId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  divisionCode: Type.Optional(Type.Union([DivisionCode, Type.Null()], { description: 'Devices register in this division or below it.' })),
  maxDevices: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Devices this key may create.' }),
  expiresInDays: Type.Integer({ minimum: 1, maximum: 3650, default: 30, description: 'At most ZC_PROVISIONING_KEY_MAX_DAYS.' }),
}, { additionalProperties: false });
export type ProvisioningKeyInput = Static<typeof ProvisioningKeyInput>;

export const ProvisioningKeyStatus = Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked'), Type.Literal('exhausted')]);

export const ProvisioningKey = Type.Object({
  id: Type.String({ description: 'The key (zcpk_…): what a device sends with the secret.' }),
  name: Type.String(), profileId: Type.String(),
  departmentId: Type.Union([Type.String(), Type.Null()]), divisionCode: Type.Union([Type.String(), Type.Null()]),
  maxDevices: Type.Integer(), provisioned: Type.Integer(), status: ProvisioningKeyStatus,
  expiresAt: Type.String(), revokedAt: Type.Union([Type.String(), Type.Null()]), revokedBy: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(), lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});
export type ProvisioningKey = Static<typeof ProvisioningKey>;

/** Returned once, at creation. */
export const ProvisioningKeyWithSecret = Type.Intersect([ProvisioningKey, Type.Object({ secret: Type.String({ description: 'zcps_…, shown this once.' }) })]);
export const ProvisioningKeyList = Type.Object({ items: Type.Array(ProvisioningKey), total: Type.Integer() });
export const ProvisioningKeyQuery = Type.Object({
  includeRevoked: Type.Boolean({ default: false }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});

/**
 * What a device sends to register itself. The place and profile come from the key; the
 * device may narrow the division (within the key's) and give its location and make.
 */
export const ProvisionRequest = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 200 }),
  secret: Type.String({ minLength: 1, maxLength: 200 }),
  deviceId: DeviceId,
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  profileId: Type.Optional(ProfileId),
  departmentId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  divisionCode: Type.Optional(DivisionCode),
  location: DeviceFields.location,
  vendor: DeviceFields.vendor,
  model: DeviceFields.model,
  firmware: DeviceFields.firmware,
}, { additionalProperties: false });
export type ProvisionRequest = Static<typeof ProvisionRequest>;

export const ProvisionResult = Type.Object({
  status: Type.Union([Type.Literal('created'), Type.Literal('exists')], { description: 'exists = this key registered the device before: no new credentials.' }),
  device: Device,
  credentials: Type.Optional(Type.Object(DeviceCredentials.properties, { description: 'At the first registration only, shown this once.' })),
});
export type ProvisionResult = Static<typeof ProvisionResult>;
