/**
 * Identity and audit API shapes, mirrored from the servers' TypeBox schemas.
 *
 * `import type` from @zhicheng/identity / @zhicheng/audit does not work in this tsconfig:
 * it type-checks the kernel's sources under the DOM lib, which fails (pglite-db.ts). Each
 * type names its schema; keep them in step with packages/identity/src/schemas.ts and
 * packages/audit/src/audit-schemas.ts.
 */

/** `list(item)` in identity's schemas, `AuditList` in audit's. */
export interface Paged<T> {
  items: T[];
  total: number;
}

/** identity `User`. `phone` and `email` arrive masked unless the viewer holds pii:read. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  divisionCode: string | null;
  phone: string | null;
  email: string | null;
  disabled: boolean;
  locked: boolean;
  totpEnrolled: boolean;
  mustChangePassword: boolean;
  source: 'local' | 'oidc';
  demo: boolean;
  createdAt: string;
}

/** identity `UserQuery`. */
export interface UserQuery {
  q?: string;
  department?: string;
  division?: string;
  disabled?: boolean;
  limit: number;
  offset: number;
}

/** identity `UserCreate` / `UserUpdate`. */
export interface UserCreate {
  username: string;
  displayName: string;
  departmentId: string;
}
export interface UserUpdate {
  displayName?: string;
  departmentId?: string;
}

/** identity `UserCreated` and `OneTimePassword`. */
export interface UserCreated {
  user: User;
  oneTimePassword: string;
}
export interface OneTimePassword {
  oneTimePassword: string;
}

/** identity `DepartmentKind`, `Department`, `DepartmentNode`. */
export type DepartmentKind = 'government' | 'bureau' | 'centre' | 'other';
export const DEPARTMENT_KINDS: readonly DepartmentKind[] = ['government', 'bureau', 'centre', 'other'];
export interface Department {
  id: string;
  name: string;
  kind: DepartmentKind;
  parentId: string | null;
  path: string[];
  divisionCode: string;
  disabled: boolean;
}
export interface DepartmentNode extends Department {
  children: DepartmentNode[];
}

/** identity `DepartmentCreate` / `DepartmentUpdate`. */
export interface DepartmentCreate {
  name: string;
  kind: DepartmentKind;
  parentId: string | null;
  divisionCode: string;
}
export type DepartmentUpdate = Partial<Omit<DepartmentCreate, 'parentId'>>;

/** identity `Role`, `RoleCreate`, `RoleUpdate`. */
export interface Role {
  id: string;
  nameZh: string;
  nameEn: string;
  description: string;
  builtin: boolean;
  permissions: string[];
}
export type RoleCreate = Omit<Role, 'builtin'>;
export type RoleUpdate = Partial<Omit<Role, 'id' | 'builtin'>>;

/** identity `Assignment` and `AssignmentCreate`. */
export interface Assignment {
  id: string;
  userId: string;
  username: string;
  roleId: string;
  departmentScopeId: string | null;
  divisionScopeCode: string | null;
  source: 'local' | 'oidc';
  createdBy: string | null;
  createdAt: string;
}
export interface AssignmentCreate {
  userId: string;
  roleId: string;
  departmentScopeId: string | null;
  divisionScopeCode: string | null;
}

/** identity `PermissionList` items. */
export type PermissionClass = 'system' | 'security' | 'audit' | 'data';
export const PERMISSION_CLASSES: readonly PermissionClass[] = ['system', 'security', 'audit', 'data'];
export interface PermissionInfo {
  key: string;
  class: PermissionClass;
  zh: string;
  en: string;
}

/** identity `ApiKey`, `ApiKeyCreate`, `ApiKeyCreated`. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  departmentId: string | null;
  permissions: string[];
  departmentScopeId: string | null;
  divisionScopeCode: string | null;
  bootstrap: boolean;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdBy: string | null;
  createdAt: string;
}
export interface ApiKeyCreate {
  name: string;
  departmentId: string;
  permissions: string[];
  departmentScopeId: string | null;
  divisionScopeCode: string | null;
  expiresInDays: number;
}
export interface ApiKeyCreated {
  key: ApiKey;
  secret: string;
}

/** identity `Session`. */
export interface Session {
  id: string;
  userId: string;
  username: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  sourceIp: string | null;
  userAgent: string | null;
  via: 'password' | 'oidc';
}

/** audit `AuditRecord`. */
export type AuditOutcome = 'success' | 'failure' | 'denied';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];
export interface AuditRecord {
  seq: number;
  at: string;
  actorKind: 'user' | 'apiKey' | 'device' | 'system' | 'anonymous';
  actorId: string | null;
  actorName: string | null;
  departmentId: string | null;
  sourceIp: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
  detail: Record<string, unknown>;
  hash: string;
}

/** audit `AuditQuery` without paging: the filter the list and the export share. */
export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  objectType?: string;
  objectId?: string;
}

/** audit `VerifyResult`. */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number | null;
  headHash: string | null;
  firstBad: { seq: number; reason: string } | null;
}
