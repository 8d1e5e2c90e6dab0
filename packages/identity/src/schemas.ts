import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Schemas of identity's API, written once: validation, responses, OpenAPI and the console's types. */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' });
export const DivisionCode = Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$', description: 'GB/T 2260 code (or a 9/12-digit NBS code)' });
export const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]*$' });
const Page = { limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }), offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }) };
const list = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });

// --- sign-in --------------------------------------------------------------------------
export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
  totp: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '6-digit code, for accounts with a second factor' })),
}, { additionalProperties: false });
export const LoginResult = Type.Object({
  token: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  mustChangePassword: Type.Boolean(),
  mustEnrollTotp: Type.Boolean(),
});
export const Me = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('user'), Type.Literal('apiKey')]),
  username: Type.String(),
  displayName: Type.String(),
  department: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
  mustChangePassword: Type.Boolean(),
  mustEnrollTotp: Type.Boolean(),
});
export type Me = Static<typeof Me>;
export const PasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
  newPassword: Type.String({ minLength: 1, maxLength: 256 }),
}, { additionalProperties: false });
export const TotpEnrolment = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() });
export const TotpConfirmBody = Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }, { additionalProperties: false });
export const OidcExchangeBody = Type.Object({ code: Type.String({ minLength: 20, maxLength: 200 }) }, { additionalProperties: false });

// --- departments ----------------------------------------------------------------------
export const DepartmentKind = Type.Union([Type.Literal('government'), Type.Literal('bureau'), Type.Literal('centre'), Type.Literal('other')]);
export const Department = Type.Object({
  id: Type.String(), name: Type.String(), kind: DepartmentKind, parentId: Nullable(Type.String()),
  path: Type.Array(Type.String()), divisionCode: Type.String(), disabled: Type.Boolean(),
});
export type DepartmentNode = Static<typeof Department> & { children: DepartmentNode[] };
// Nested to a fixed depth rather than a recursive $ref: serialisers and the OpenAPI view
// handle it plainly, and an org tree deeper than eight levels is not a government's.
export const TREE_DEPTH = 8;
const treeNode = (depth: number): TSchema => Type.Composite([Department, Type.Object({ children: Type.Array(depth > 1 ? treeNode(depth - 1) : Department, depth > 1 ? {} : { maxItems: 0 }) })]);
export const DepartmentTree = Type.Object({ items: Type.Array(treeNode(TREE_DEPTH)) });
export const DepartmentList = list(Department);
export const DepartmentQuery = Type.Object({
  within: Type.Optional(Id), division: Type.Optional(DivisionCode), q: Type.Optional(Type.String({ maxLength: 50 })),
  includeDisabled: Type.Boolean({ default: false }), ...Page,
});
export const DepartmentCreate = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 100 }), kind: DepartmentKind, parentId: Nullable(Id), divisionCode: DivisionCode,
}, { additionalProperties: false });
export const DepartmentUpdate = Type.Object({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })), kind: Type.Optional(DepartmentKind), divisionCode: Type.Optional(DivisionCode),
}, { additionalProperties: false });

// --- users ----------------------------------------------------------------------------
export const User = Type.Object({
  id: Type.String(), username: Type.String(), displayName: Type.String(), departmentId: Nullable(Type.String()),
  divisionCode: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'masked unless the viewer holds pii:read over this user' })),
  email: Nullable(Type.String({ description: 'masked unless the viewer holds pii:read over this user' })),
  disabled: Type.Boolean(), locked: Type.Boolean(), totpEnrolled: Type.Boolean(), mustChangePassword: Type.Boolean(),
  source: Type.Union([Type.Literal('local'), Type.Literal('oidc')]), demo: Type.Boolean(), createdAt: Type.String({ format: 'date-time' }),
});
export type User = Static<typeof User>;
export const UserList = list(User);
export const UserQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64 })), department: Type.Optional(Id), division: Type.Optional(DivisionCode),
  disabled: Type.Optional(Type.Boolean()), ...Page,
});
/** A colleague as pickers show one (assigning an alarm, a case): no contact details, no account state. */
export const DirectoryEntry = Type.Object({
  id: Type.String(), displayName: Type.String(), departmentId: Nullable(Type.String()), departmentName: Nullable(Type.String()),
  divisionCode: Nullable(Type.String()),
});
export const DirectoryList = list(DirectoryEntry);
export const DirectoryQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64, description: 'Part of the display name or user name.' })),
  ids: Type.Optional(Type.String({ maxLength: 2000, pattern: '^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$', description: 'Comma list of user ids (to show names of known ids).' })),
  department: Type.Optional(Id), ...Page,
});
const Phone = Type.String({ maxLength: 30, pattern: '^[0-9+() -]{5,30}$' });
const Email = Type.String({ maxLength: 200, format: 'email' });
export const UserCreate = Type.Object({
  username: Username, displayName: Type.String({ minLength: 1, maxLength: 100 }), departmentId: Id,
  phone: Type.Optional(Nullable(Phone)), email: Type.Optional(Nullable(Email)),
}, { additionalProperties: false });
export const UserUpdate = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), departmentId: Type.Optional(Id),
  phone: Type.Optional(Nullable(Phone)), email: Type.Optional(Nullable(Email)),
}, { additionalProperties: false });
export const OneTimePassword = Type.Object({
  oneTimePassword: Type.String({ description: 'Shown once; the user must change it at first sign-in' }),
});
export const UserCreated = Type.Composite([Type.Object({ user: User }), OneTimePassword]);

// --- roles and assignments ------------------------------------------------------------
export const Role = Type.Object({
  id: Type.String(), nameZh: Type.String(), nameEn: Type.String(), description: Type.String(), builtin: Type.Boolean(),
  permissions: Type.Array(Type.String()),
});
export const RoleList = list(Role);
const PermissionKey = Type.String({ minLength: 3, maxLength: 120, pattern: '^[a-z]+:[a-z]+(:[A-Za-z0-9_*-]+)?$' });
export const RoleCreate = Type.Object({
  id: Type.String({ minLength: 2, maxLength: 50, pattern: '^[a-z][a-z0-9-]+$' }), nameZh: Type.String({ minLength: 1, maxLength: 50 }),
  nameEn: Type.String({ minLength: 1, maxLength: 80 }), description: Type.String({ maxLength: 500, default: '' }),
  permissions: Type.Array(PermissionKey, { minItems: 1, maxItems: 100, uniqueItems: true }),
}, { additionalProperties: false });
export const RoleUpdate = Type.Object({
  nameZh: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  description: Type.Optional(Type.String({ maxLength: 500 })), permissions: Type.Optional(Type.Array(PermissionKey, { minItems: 1, maxItems: 100, uniqueItems: true })),
}, { additionalProperties: false });
export const Assignment = Type.Object({
  id: Type.String(), userId: Type.String(), username: Type.String(), roleId: Type.String(),
  departmentScopeId: Nullable(Type.String()), divisionScopeCode: Nullable(Type.String()),
  source: Type.Union([Type.Literal('local'), Type.Literal('oidc')]), createdBy: Nullable(Type.String()), createdAt: Type.String({ format: 'date-time' }),
});
export const AssignmentList = list(Assignment);
export const AssignmentQuery = Type.Object({ userId: Type.Optional(Id), roleId: Type.Optional(Id), ...Page });
export const AssignmentCreate = Type.Object({
  userId: Id, roleId: Id,
  departmentScopeId: Type.Optional(Nullable(Id)), divisionScopeCode: Type.Optional(Nullable(DivisionCode)),
}, { additionalProperties: false, description: 'Without a scope the role applies everywhere; a department and/or division narrows it to those subtrees.' });

// --- API keys -------------------------------------------------------------------------
export const ApiKey = Type.Object({
  id: Type.String(), name: Type.String(), prefix: Type.String(), departmentId: Nullable(Type.String()),
  permissions: Type.Array(Type.String()), departmentScopeId: Nullable(Type.String()), divisionScopeCode: Nullable(Type.String()),
  bootstrap: Type.Boolean(), expiresAt: Nullable(Type.String({ format: 'date-time' })), revokedAt: Nullable(Type.String({ format: 'date-time' })),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })), createdBy: Nullable(Type.String()), createdAt: Type.String({ format: 'date-time' }),
});
export const ApiKeyList = list(ApiKey);
export const ApiKeyQuery = Type.Object({ department: Type.Optional(Id), includeRevoked: Type.Boolean({ default: false }), ...Page });
export const ApiKeyCreate = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 100 }), departmentId: Id,
  permissions: Type.Array(PermissionKey, { minItems: 1, maxItems: 100, uniqueItems: true }),
  departmentScopeId: Type.Optional(Nullable(Id)), divisionScopeCode: Type.Optional(Nullable(DivisionCode)),
  expiresInDays: Type.Integer({ minimum: 1, maximum: 3650, default: 90 }),
}, { additionalProperties: false });
export const ApiKeyCreated = Type.Object({ key: ApiKey, secret: Type.String({ description: 'Shown once: only its hash is stored' }) });

// --- sessions, permissions ------------------------------------------------------------
export const Session = Type.Object({
  id: Type.String(), userId: Type.String(), username: Type.String(), createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }), expiresAt: Type.String({ format: 'date-time' }),
  sourceIp: Nullable(Type.String()), userAgent: Nullable(Type.String()), via: Type.Union([Type.Literal('password'), Type.Literal('oidc')]),
});
export const SessionList = list(Session);
export const SessionQuery = Type.Object({ userId: Type.Optional(Id), ...Page });
export const PermissionList = Type.Object({
  items: Type.Array(Type.Object({
    key: Type.String(), class: Type.Union([Type.Literal('system'), Type.Literal('security'), Type.Literal('audit'), Type.Literal('data')]),
    zh: Type.String(), en: Type.String(),
  })),
});
export const IdParams = Type.Object({ id: Id });
