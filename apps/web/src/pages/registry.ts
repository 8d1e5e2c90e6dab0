/**
 * The console's pages. Adding a page is ONE registration in `pages` below:
 *
 *   {
 *     id: 'alarms',                       // unique, also the i18n key: pages.alarms.title
 *     path: '/alarms',                    // absolute route path
 *     titleKey: 'pages.alarms.title',     // add it to src/i18n/zh-CN.json and en.json
 *     navSection: 'operations',           // a key of NAV_SECTIONS (nav.sections.<id>)
 *     order: 20,                          // position inside its section
 *     icon: 'activity',                   // optional, a name from components/icon-paths.ts
 *     permission: 'alarms:read',          // optional; undefined = any signed-in user
 *     load: () => import('./alarms/AlarmsPage'),  // a module whose default export is the page
 *   }
 *
 * Routing, the side navigation (filtered by the user's permissions) and the document title
 * are generated from this list, and each page is loaded lazily as its own chunk. Nothing
 * else needs to change. Solution packs will contribute their pages through this same shape.
 */
import type { ComponentType } from 'react';
import type { IconName } from '../components/icon-paths';

/** Sections of the side navigation, in display order. Titles: `nav.sections.<id>`. */
export const NAV_SECTIONS = ['operations', 'platform', 'system'] as const;
export type NavSectionId = (typeof NAV_SECTIONS)[number];

export interface PageRegistration {
  id: string;
  path: string;
  titleKey: string;
  navSection: NavSectionId;
  order: number;
  icon?: IconName;
  permission?: string;
  /** A detail page reached by links (e.g. `/entities/:id`), not listed in the navigation. */
  hidden?: boolean;
  load: () => Promise<{ default: ComponentType }>;
}

export const pages: readonly PageRegistration[] = [
  {
    id: 'overview',
    path: '/overview',
    titleKey: 'pages.overview.title',
    navSection: 'operations',
    order: 10,
    icon: 'map',
    load: () => import('./overview/OverviewPage'),
  },
  // Before 'alarms': the page title takes the first registration whose path prefixes the address.
  {
    id: 'alarm',
    path: '/alarms/:id',
    titleKey: 'pages.alarm.title',
    navSection: 'operations',
    order: 91,
    hidden: true,
    permission: 'alarms:read',
    load: () => import('./alarms/AlarmPage'),
  },
  {
    id: 'alarms',
    path: '/alarms',
    titleKey: 'pages.alarms.title',
    navSection: 'operations',
    order: 20,
    icon: 'alert',
    permission: 'alarms:read',
    load: () => import('./alarms/AlarmsPage'),
  },
  {
    id: 'entity',
    path: '/entities/:id',
    titleKey: 'pages.entity.title',
    navSection: 'operations',
    order: 90,
    hidden: true,
    permission: 'entities:read',
    load: () => import('./entities/EntityPage'),
  },
  // After 'entity', so that /entities/:id keeps the entity page's title.
  {
    id: 'entities',
    path: '/entities',
    titleKey: 'pages.entities.title',
    navSection: 'operations',
    order: 30,
    icon: 'database',
    permission: 'entities:read',
    load: () => import('./entities/EntitiesPage'),
  },
  {
    id: 'system',
    path: '/system',
    titleKey: 'pages.system.title',
    // Platform health is operational (operators hold system:read), not one of the three administrator duties.
    navSection: 'platform',
    order: 10,
    icon: 'activity',
    permission: 'system:read',
    load: () => import('./system/SystemPage'),
  },
  // Device integration (issue #4): before 'devices', so that /devices/profiles… keep their own
  // titles (the first registration whose path prefixes the address), the editor before its list.
  {
    id: 'deviceProfileNew',
    path: '/devices/profiles/new',
    titleKey: 'pages.deviceProfileNew.title',
    navSection: 'platform',
    order: 94,
    hidden: true,
    permission: 'devices:manage',
    load: () => import('./device-integration/profiles/DeviceProfileEditorPage'),
  },
  {
    id: 'deviceProfile',
    path: '/devices/profiles/:id',
    titleKey: 'pages.deviceProfile.title',
    navSection: 'platform',
    order: 95,
    hidden: true,
    // Reading and previewing need devices:read; editing is gated inside by devices:manage.
    permission: 'devices:read',
    load: () => import('./device-integration/profiles/DeviceProfileEditorPage'),
  },
  {
    id: 'deviceProfiles',
    path: '/devices/profiles',
    titleKey: 'pages.deviceProfiles.title',
    navSection: 'platform',
    order: 21,
    icon: 'fileText',
    permission: 'devices:read',
    load: () => import('./device-integration/profiles/DeviceProfilesPage'),
  },
  {
    id: 'deviceImport',
    path: '/devices/import',
    titleKey: 'pages.deviceImport.title',
    navSection: 'platform',
    order: 22,
    icon: 'download',
    // Starting an import and reading its progress both need devices:manage.
    permission: 'devices:manage',
    load: () => import('./device-integration/import/DeviceImportPage'),
  },
  {
    id: 'provisioningKeys',
    path: '/devices/provisioning-keys',
    titleKey: 'pages.provisioningKeys.title',
    navSection: 'platform',
    order: 23,
    icon: 'key',
    permission: 'devices:manage',
    load: () => import('./device-integration/provisioning-keys/ProvisioningKeysPage'),
  },
  {
    id: 'devices',
    path: '/devices',
    titleKey: 'pages.devices.title',
    navSection: 'platform',
    order: 20,
    icon: 'cpu',
    permission: 'devices:read',
    load: () => import('./devices/DevicesPage'),
  },
  {
    id: 'deadLetters',
    path: '/dead-letters',
    titleKey: 'pages.deadLetters.title',
    navSection: 'platform',
    order: 30,
    icon: 'inbox',
    // Listing needs devices:read (unknown devices' letters only for a region-wide scope); replay needs devices:manage.
    permission: 'devices:read',
    load: () => import('./dead-letters/DeadLettersPage'),
  },
  // Rules: the editor's two registrations come before the list, so the page title of
  // /rules/new and /rules/:id is theirs (the first registration whose path prefixes the address).
  {
    id: 'ruleNew',
    path: '/rules/new',
    titleKey: 'pages.ruleNew.title',
    navSection: 'operations',
    order: 92,
    hidden: true,
    permission: 'rules:manage',
    load: () => import('./rules/RuleEditorPage'),
  },
  {
    id: 'rule',
    path: '/rules/:id',
    titleKey: 'pages.rule.title',
    navSection: 'operations',
    order: 93,
    hidden: true,
    // Reading a rule needs what listing needs (the rules API reads under alarms:read); editing is gated inside by rules:manage.
    permission: 'alarms:read',
    load: () => import('./rules/RuleEditorPage'),
  },
  {
    id: 'rules',
    path: '/rules',
    titleKey: 'pages.rules.title',
    navSection: 'operations',
    order: 40,
    icon: 'fileText',
    permission: 'alarms:read',
    load: () => import('./rules/RulesPage'),
  },
  {
    id: 'notificationPreferences',
    path: '/settings/notifications',
    titleKey: 'pages.notificationPreferences.title',
    navSection: 'platform',
    order: 60,
    icon: 'user',
    load: () => import('./notifications/NotificationPreferencesPage'),
  },
  // 系统管理 / Administration: each page gated by the permission its list API needs
  // (packages/identity/src/permission-catalogue.ts), so each administrator duty sees its own.
  {
    id: 'users',
    path: '/admin/users',
    titleKey: 'pages.users.title',
    navSection: 'system',
    order: 10,
    icon: 'users',
    permission: 'users:read',
    load: () => import('./admin/users/UsersPage'),
  },
  {
    id: 'departments',
    path: '/admin/departments',
    titleKey: 'pages.departments.title',
    navSection: 'system',
    order: 20,
    icon: 'building',
    // The list API needs only departments:read, which every operational role holds for its
    // pickers; the management page is for those who may change the tree.
    permission: 'departments:manage',
    load: () => import('./admin/departments/DepartmentsPage'),
  },
  {
    id: 'roles',
    path: '/admin/roles',
    titleKey: 'pages.roles.title',
    navSection: 'system',
    order: 30,
    icon: 'shield',
    permission: 'roles:read',
    load: () => import('./admin/roles/RolesPage'),
  },
  {
    id: 'apiKeys',
    path: '/admin/api-keys',
    titleKey: 'pages.apiKeys.title',
    navSection: 'system',
    order: 40,
    icon: 'key',
    permission: 'apikeys:manage',
    load: () => import('./admin/api-keys/ApiKeysPage'),
  },
  {
    id: 'sessions',
    path: '/admin/sessions',
    titleKey: 'pages.sessions.title',
    navSection: 'system',
    order: 50,
    icon: 'monitor',
    permission: 'sessions:manage',
    load: () => import('./admin/sessions/SessionsPage'),
  },
  {
    id: 'audit',
    path: '/admin/audit',
    titleKey: 'pages.audit.title',
    navSection: 'system',
    order: 60,
    icon: 'fileText',
    permission: 'audit:read',
    load: () => import('./admin/audit/AuditPage'),
  },
];

/** Where a signed-in user lands. */
export const HOME_PATH = '/overview';
