import { defineModule, type Principal } from '@zhicheng/kernel';
import type { InjectOptions, TestPlatform } from '@zhicheng/kernel/testing';
import { entityAuthzKey, type EntityAuthz } from '../src/access.js';

/**
 * Test doubles for identity: principals from headers (`x-test-user`, `x-test-perms`,
 * `x-test-department`, `x-test-divisions` = division codes the principal is limited to),
 * and an authorisation service that scopes by those divisions as identity's does.
 */
interface TestPrincipal extends Principal {
  divisions: string[] | null;
}

const scopeOf = (p: Principal | null, perm: string) => {
  if (!p || !p.can(perm)) return null;
  const divs = (p as TestPrincipal).divisions;
  return divs ? { all: false, clauses: [{ departmentIds: null, divisionCodes: divs }] } : { all: true, clauses: [] };
};

export const testAuthz: EntityAuthz = {
  async scopeFor(p, perm) {
    return scopeOf(p, perm);
  },
  async sqlFilter(p, perm, opts) {
    const s = scopeOf(p, perm);
    if (!s) return { sql: 'false', params: [] };
    if (s.all) return { sql: 'true', params: [] };
    return { sql: `${opts.divisionColumn} = any($${opts.firstParam ?? 1}::text[])`, params: [s.clauses[0]!.divisionCodes] };
  },
};

export const testIdentityModule = defineModule({
  name: 'test-identity',
  init(ctx) {
    ctx.services.provide(entityAuthzKey, testAuthz);
    ctx.setAuthenticator(async (req) => {
      const user = req.headers['x-test-user'];
      if (typeof user !== 'string') return null;
      const perms = new Set(String(req.headers['x-test-perms'] ?? '').split(',').filter(Boolean));
      const dept = req.headers['x-test-department'];
      const divs = req.headers['x-test-divisions'];
      const p: TestPrincipal = {
        kind: 'user', id: user, name: user, departmentId: typeof dept === 'string' ? dept : null,
        divisions: typeof divs === 'string' ? divs.split(',') : null,
        can: (x) => perms.has(x) || (x.startsWith('entities:write:') && perms.has('entities:write:*')),
      };
      return p;
    });
  },
});

export const ALL_PERMS = ['entities:read', 'entities:write', 'entities:write:*'];
export const admin = { 'x-test-user': 'admin', 'x-test-perms': ALL_PERMS.join(',') };
export const countyUser = (division: string, dept = 'dept-county') => ({
  'x-test-user': `u-${division}`, 'x-test-perms': ALL_PERMS.join(','), 'x-test-divisions': division, 'x-test-department': dept,
});

export const CORE = 'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.9.jsonld';
export const SDM_LINK = { link: '<https://smartdatamodels.org/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"' };

export function client(t: { platform(): TestPlatform }, headers: Record<string, string> = admin) {
  const inject = (o: InjectOptions) => t.platform().app.inject({ ...o, headers: { ...headers, ...(o.headers as Record<string, string> | undefined) } });
  const json = (method: InjectOptions['method'], url: string, payload?: unknown, extra: Record<string, string> = {}) =>
    inject({ method, url: `/ngsi-ld/v1${url}`, ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }), headers: { 'content-type': 'application/json', ...extra } });
  return { inject, json, get: (url: string, extra: Record<string, string> = {}) => inject({ method: 'GET', url: `/ngsi-ld/v1${url}`, headers: extra }) };
}

/** A sensor in Xichang (513401) by default. */
export const sensor = (n: number | string, extra: Record<string, unknown> = {}, lonlat: [number, number] = [102.267, 27.894]) => ({
  id: `urn:ngsi-ld:AirQualityObserved:${n}`,
  type: 'AirQualityObserved',
  pm25: { type: 'Property', value: 10 + Number(String(n).replace(/\D/g, '') || 0), unitCode: 'GQ', observedAt: '2026-01-01T00:00:00Z' },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: lonlat } },
  ...extra,
});
