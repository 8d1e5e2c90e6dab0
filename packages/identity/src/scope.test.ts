import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scopeCovers, scopeOf, scopeSql, type Grant, type SubtreeExpander } from './scope.js';

// A small tree: prefecture 513400 with two counties; departments gov → eeb, and a county bureau.
const expand: SubtreeExpander = {
  departments: (id) => ({ gov: ['gov', 'eeb', 'xc-urban'], eeb: ['eeb'], 'xc-urban': ['xc-urban'] } as Record<string, string[]>)[id] ?? [id],
  divisions: (code) => ({ '513400': ['513400', '513401', '513402'], '513401': ['513401'], '513402': ['513402'] } as Record<string, string[]>)[code] ?? [code],
};
const g = (permission: string, departmentScope: string | null = null, divisionScope: string | null = null): Grant => ({ permission, departmentScope, divisionScope });

describe('permission scope', () => {
  it('is null without a matching grant, all with an unscoped one', () => {
    expect(scopeOf([g('alarms:read')], 'alarms:ack', expand)).toBeNull();
    expect(scopeOf([g('alarms:ack', 'eeb'), g('alarms:ack')], 'alarms:ack', expand)?.all).toBe(true);
  });

  it('expands subtrees and unions single-axis grants', () => {
    const s = scopeOf([g('entities:read', 'eeb'), g('entities:read', null, '513401')], 'entities:read', expand)!;
    expect(s).toMatchObject({ all: false, departmentIds: ['eeb'], divisionCodes: ['513401'] });
    expect(scopeCovers(s, { departmentId: 'eeb', divisionCode: '513402' })).toBe(true);
    expect(scopeCovers(s, { departmentId: 'other', divisionCode: '513401' })).toBe(true);
    expect(scopeCovers(s, { departmentId: 'other', divisionCode: '513402' })).toBe(false);
    expect(scopeCovers(s, {})).toBe(false);
  });

  it('intersects the two axes of one grant', () => {
    const s = scopeOf([g('cases:handle', 'gov', '513401')], 'cases:handle', expand)!;
    expect(s.departmentIds).toEqual([]);
    expect(scopeCovers(s, { departmentId: 'xc-urban', divisionCode: '513401' })).toBe(true);
    expect(scopeCovers(s, { departmentId: 'xc-urban', divisionCode: '513402' })).toBe(false);
    expect(scopeCovers(s, { departmentId: 'outside', divisionCode: '513401' })).toBe(false);
  });

  it('matches typed permissions through a wildcard grant', () => {
    expect(scopeOf([g('entities:write:*', 'eeb')], 'entities:write:AirQualityObserved', expand)?.departmentIds).toEqual(['eeb']);
    expect(scopeOf([g('entities:write:AirQualityObserved')], 'entities:write:WaterQualityObserved', expand)).toBeNull();
  });

  it('renders SQL with numbered parameters and refuses odd column names', () => {
    const s = scopeOf([g('x:y', 'eeb'), g('x:y', 'gov', '513401')], 'x:y', expand);
    const f = scopeSql(s, { departmentColumn: 't.department_id', divisionColumn: 't.division_code', firstParam: 3 });
    expect(f.sql).toBe('((t.department_id = any($3::text[])) or (t.department_id = any($4::text[]) and t.division_code = any($5::text[])))');
    expect(f.params).toEqual([['eeb'], ['gov', 'eeb', 'xc-urban'], ['513401']]);
    expect(scopeSql(s, { divisionColumn: 'division_code' }).sql).toBe('((false) or (false and division_code = any($1::text[])))');
    expect(scopeSql(null, {}).sql).toBe('false');
    expect(() => scopeSql(s, { departmentColumn: 'x; drop table y' })).toThrow();
  });

  it('agrees between the in-memory test and any object (property)', () => {
    const dept = fc.constantFrom('gov', 'eeb', 'xc-urban', 'other', null);
    const div = fc.constantFrom('513400', '513401', '513402', '513499', null);
    const grant = fc.record({ permission: fc.constant('p:q'), departmentScope: dept, divisionScope: div });
    fc.assert(fc.property(fc.array(grant, { maxLength: 4 }), dept, div, (grants, d, v) => {
      const s = scopeOf(grants, 'p:q', expand);
      const direct = grants.some((x) =>
        (!x.departmentScope || (!!d && expand.departments(x.departmentScope).includes(d))) &&
        (!x.divisionScope || (!!v && expand.divisions(x.divisionScope).includes(v))));
      expect(scopeCovers(s, { departmentId: d, divisionCode: v })).toBe(direct);
    }));
  });
});
