import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLES } from './builtin-roles.js';
import { adminClassesOf, BOOTSTRAP_KEY_PERMISSIONS, knownPermission, permissionMatches, PERMISSIONS } from './permission-catalogue.js';

describe('built-in roles and the permission catalogue', () => {
  it('uses only catalogued permissions', () => {
    for (const r of BUILTIN_ROLES) for (const p of r.permissions) expect(knownPermission(p), `${r.id}: ${p}`).toBeDefined();
  });

  it('gives each administrator role exactly its own duty, and other roles none', () => {
    const duties = Object.fromEntries(BUILTIN_ROLES.map((r) => [r.id, [...adminClassesOf(r.permissions)]]));
    expect(duties).toMatchObject({ 'system-admin': ['system'], 'security-admin': ['security'], 'audit-admin': ['audit'] });
    for (const r of BUILTIN_ROLES.filter((x) => !x.id.endsWith('-admin'))) expect(duties[r.id], r.id).toEqual([]);
  });

  it('keeps audit reading to the audit administrator', () => {
    expect(BUILTIN_ROLES.filter((r) => r.permissions.some((p) => p.startsWith('audit:'))).map((r) => r.id)).toEqual(['audit-admin']);
  });

  it('gives the bootstrap key data permissions without personal data or administration', () => {
    expect(adminClassesOf(BOOTSTRAP_KEY_PERMISSIONS).size).toBe(0);
    expect(BOOTSTRAP_KEY_PERMISSIONS).not.toContain('pii:read');
    expect(BOOTSTRAP_KEY_PERMISSIONS).not.toContain('users:read');
    expect(BOOTSTRAP_KEY_PERMISSIONS).toContain('entities:write:*');
  });

  it('describes every permission in Chinese and English', () => {
    for (const p of PERMISSIONS) {
      expect(p.zh).toMatch(/\p{Script=Han}/u);
      expect(p.en).toMatch(/^[A-Z]/);
    }
  });

  it('matches typed permissions through wildcards only', () => {
    expect(permissionMatches('entities:write:*', 'entities:write:AirQualityObserved')).toBe(true);
    expect(permissionMatches('entities:write:*', 'entities:write:')).toBe(false);
    expect(permissionMatches('entities:write:*', 'entities:read')).toBe(false);
    expect(permissionMatches('alarms:ack', 'alarms:ack')).toBe(true);
    expect(knownPermission('entities:write:WaterQualityObserved')?.key).toBe('entities:write:*');
    expect(knownPermission('entities:write:bad type')).toBeUndefined();
  });
});
