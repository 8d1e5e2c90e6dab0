/** Built-in roles: created at every start, locked against change (custom roles are added beside them). */
export interface BuiltinRole {
  id: string;
  zh: string;
  en: string;
  description: string;
  permissions: string[];
}

export const ADMIN_ROLE_IDS = { system: 'system-admin', security: 'security-admin', audit: 'audit-admin' } as const;

export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  {
    id: 'system-admin', zh: '系统管理员', en: 'System administrator',
    description: 'User accounts, departments and system settings; cannot grant roles or read the audit log.',
    permissions: ['users:read', 'users:manage', 'departments:manage', 'settings:manage', 'departments:read', 'system:read'],
  },
  {
    id: 'security-admin', zh: '安全管理员', en: 'Security administrator',
    description: 'Roles, role assignments, API keys, sessions and security settings; cannot create accounts or read the audit log.',
    permissions: ['users:read', 'roles:read', 'roles:manage', 'grants:manage', 'apikeys:manage', 'sessions:manage', 'security:manage', 'departments:read'],
  },
  {
    id: 'audit-admin', zh: '审计管理员', en: 'Audit administrator',
    description: 'Reads and exports the audit log; nothing else.',
    permissions: ['audit:read', 'audit:export'],
  },
  {
    id: 'operator', zh: '运行监测员', en: 'Operations-centre operator',
    description: 'Watches the city: indicators, alarms, cases and data in scope.',
    permissions: ['departments:read', 'entities:read', 'devices:read', 'indicators:read', 'alarms:read', 'alarms:ack', 'cases:read', 'cases:create', 'catalog:read', 'system:read', 'simulator:control'],
  },
  {
    id: 'dispatcher', zh: '调度员', en: 'Dispatcher',
    description: 'Opens and dispatches cases to departments.',
    permissions: ['departments:read', 'entities:read', 'indicators:read', 'alarms:read', 'alarms:ack', 'cases:read', 'cases:create', 'cases:dispatch'],
  },
  {
    id: 'inspector', zh: '巡查员', en: 'Field inspector',
    description: 'Reports and handles cases in the field.',
    permissions: ['departments:read', 'entities:read', 'alarms:read', 'cases:read', 'cases:create', 'cases:handle'],
  },
  {
    id: 'department-officer', zh: '部门业务员', en: 'Department officer',
    description: "A department's own data, devices, alarms, cases and catalogue entries.",
    permissions: ['departments:read', 'entities:read', 'entities:write:*', 'devices:read', 'devices:manage', 'indicators:read', 'alarms:read', 'alarms:ack', 'rules:manage', 'ngsi:manage', 'cases:read', 'cases:handle', 'catalog:read', 'catalog:publish'],
  },
  {
    id: 'catalog-approver', zh: '资源共享审批员', en: 'Sharing approver',
    description: 'Approves requests to share catalogue resources.',
    permissions: ['departments:read', 'catalog:read', 'catalog:approve'],
  },
  {
    id: 'pii-viewer', zh: '个人信息查看员', en: 'Personal-data viewer',
    description: 'Sees personal fields unmasked within its scope; every view is audited.',
    permissions: ['pii:read'],
  },
];
