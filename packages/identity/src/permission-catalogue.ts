/**
 * Every permission the platform knows, with who may hold it. `class` keeps the three
 * administrator duties apart (等保 三员分立): a role, and a user, holds permissions of at
 * most one administrator class; `data` permissions are the city's operational work.
 */
export type PermissionClass = 'system' | 'security' | 'audit' | 'data';

export interface PermissionInfo {
  key: string;
  class: PermissionClass;
  zh: string;
  en: string;
}

export const PERMISSIONS: readonly PermissionInfo[] = [
  // Reading accounts is shared by the system and security administrators (the latter to assign roles): not a duty of its own.
  { key: 'users:read', class: 'data', zh: '查看用户账号', en: 'View user accounts' },
  { key: 'users:manage', class: 'system', zh: '管理用户账号（创建、修改、停用、重置密码、解锁）', en: 'Manage user accounts (create, update, disable, reset password, unlock)' },
  { key: 'departments:manage', class: 'system', zh: '管理部门（创建、修改、停用）', en: 'Manage departments (create, update, disable)' },
  { key: 'settings:manage', class: 'system', zh: '管理系统设置', en: 'Manage system settings' },
  { key: 'roles:read', class: 'security', zh: '查看角色与授权', en: 'View roles and grants' },
  { key: 'roles:manage', class: 'security', zh: '管理自定义角色', en: 'Manage custom roles' },
  { key: 'grants:manage', class: 'security', zh: '分配与撤销角色授权', en: 'Assign and revoke roles' },
  { key: 'apikeys:manage', class: 'security', zh: '管理 API 密钥', en: 'Manage API keys' },
  { key: 'sessions:manage', class: 'security', zh: '查看与结束会话', en: 'View and end sessions' },
  { key: 'security:manage', class: 'security', zh: '管理安全设置', en: 'Manage security settings' },
  { key: 'audit:read', class: 'audit', zh: '查阅审计日志', en: 'Read the audit log' },
  { key: 'audit:export', class: 'audit', zh: '导出审计日志', en: 'Export the audit log' },
  { key: 'system:read', class: 'data', zh: '查看平台运行状态（数据库、消息代理、总线）', en: 'View platform health (database, broker, bus)' },
  { key: 'departments:read', class: 'data', zh: '查看部门', en: 'View departments' },
  { key: 'entities:read', class: 'data', zh: '查看城市数据实体', en: 'Read city data entities' },
  { key: 'ngsi:manage', class: 'data', zh: '管理 NGSI-LD 代理配置（托管的 @context、上下文源注册）', en: 'Manage the NGSI-LD broker configuration (hosted @contexts, context source registrations)' },
  { key: 'entities:write:*', class: 'data', zh: '写入任意类型的数据实体（或 entities:write:<类型>）', en: 'Write entities of any type (or entities:write:<type>)' },
  { key: 'devices:read', class: 'data', zh: '查看设备', en: 'View devices' },
  { key: 'devices:manage', class: 'data', zh: '管理设备与接入凭据', en: 'Manage devices and their credentials' },
  { key: 'telemetry:write', class: 'data', zh: '上报设备数据', en: 'Send device telemetry' },
  { key: 'indicators:read', class: 'data', zh: '查看城市运行指标', en: 'View city indicators' },
  { key: 'alarms:read', class: 'data', zh: '查看告警', en: 'View alarms' },
  { key: 'alarms:ack', class: 'data', zh: '确认告警', en: 'Acknowledge alarms' },
  { key: 'rules:manage', class: 'data', zh: '管理告警规则', en: 'Manage alarm rules' },
  { key: 'cases:read', class: 'data', zh: '查看事件', en: 'View cases' },
  { key: 'cases:create', class: 'data', zh: '登记事件', en: 'Open cases' },
  { key: 'cases:dispatch', class: 'data', zh: '派遣事件', en: 'Dispatch cases' },
  { key: 'cases:handle', class: 'data', zh: '处置事件', en: 'Handle cases' },
  { key: 'catalog:read', class: 'data', zh: '查看资源目录', en: 'Read the resource catalogue' },
  { key: 'catalog:publish', class: 'data', zh: '编目与发布资源', en: 'Catalogue and publish resources' },
  { key: 'catalog:approve', class: 'data', zh: '审批共享申请', en: 'Approve sharing requests' },
  { key: 'simulator:control', class: 'data', zh: '控制演示模拟器（启动、停止场景）', en: 'Control the demo simulator (start and stop scenarios)' },
  { key: 'geo:import', class: 'data', zh: '导入行政区划边界', en: 'Import division boundaries' },
  { key: 'pii:read', class: 'data', zh: '查看个人信息完整值（每次查看均记入审计）', en: 'See personal data unmasked (every view is audited)' },
];

const BY_KEY = new Map(PERMISSIONS.map((p) => [p.key, p]));

/** A permission the catalogue knows: listed, or a typed form of a listed wildcard (`entities:write:WaterQualityObserved`). */
export function knownPermission(key: string): PermissionInfo | undefined {
  const exact = BY_KEY.get(key);
  if (exact) return exact;
  const i = key.lastIndexOf(':');
  if (i <= 0 || !/^[A-Za-z][A-Za-z0-9_-]{0,99}$/.test(key.slice(i + 1))) return undefined;
  return BY_KEY.get(`${key.slice(0, i)}:*`);
}

export const permissionClass = (key: string): PermissionClass | undefined => knownPermission(key)?.class;

/** True when holding `granted` allows `wanted`: equal, or `granted` is `x:*` and `wanted` is `x:<anything>`. */
export function permissionMatches(granted: string, wanted: string): boolean {
  if (granted === wanted) return true;
  return granted.endsWith(':*') && wanted.startsWith(granted.slice(0, -1)) && wanted.length > granted.length - 1;
}

/** The administrator classes a set of permissions touches. */
export function adminClassesOf(permissions: Iterable<string>): Set<Exclude<PermissionClass, 'data'>> {
  const out = new Set<Exclude<PermissionClass, 'data'>>();
  for (const p of permissions) {
    const c = permissionClass(p);
    if (c && c !== 'data') out.add(c);
  }
  return out;
}

/** Data permissions for machine clients of the whole region (the bootstrap key): everything operational; no personal data in full, no look into accounts. */
export const BOOTSTRAP_KEY_PERMISSIONS = PERMISSIONS.filter((p) => p.class === 'data' && p.key !== 'pii:read' && p.key !== 'users:read').map((p) => p.key);
