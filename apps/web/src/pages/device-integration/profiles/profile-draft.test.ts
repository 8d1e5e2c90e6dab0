/** The profile editor's draft: to and from the API's shapes, and its checks (pure: no DOM). */
import { describe, expect, it } from 'vitest';
import type { DeviceProfile } from '../../../api/devices';
import {
  attributeRow, checkDraft, draftFromProfile, draftToInput, expressionOf, newProfileDraft, parsePayload, patchOf, unitLabel, valueText,
} from './profile-draft';

const SAVED: DeviceProfile = {
  id: 'acme-noise', name: 'ACME noise', description: '', entityType: 'NoiseLevelObserved', protocol: 'mqtt',
  expression: '{ "values": { "LAeq": leq } }', attributes: { LAeq: { type: 'number', unitCode: '2N', min: 0, max: 160 }, note: { unitCode: 'X' } },
  strict: true, inactivitySeconds: 900, builtin: false, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
};

describe('profile draft', () => {
  it('turns a saved profile into a draft and back without a change', () => {
    const draft = draftFromProfile(SAVED);
    expect(draft.mapping).toBe('jsonata');
    expect(draft.attributes.map((a) => [a.name, a.type, a.unitCode, a.min, a.max])).toEqual([['LAeq', 'number', '2N', '0', '160'], ['note', 'any', 'X', '', '']]);
    expect(patchOf(draft, SAVED)).toEqual({});
    expect(draftToInput(draft)).toMatchObject({ id: 'acme-noise', protocol: 'mqtt', strict: true, inactivitySeconds: 900, attributes: { LAeq: { unitCode: '2N', type: 'number', min: 0, max: 160 } } });
  });

  it('sends only the fields that changed', () => {
    const draft = draftFromProfile(SAVED);
    const patch = patchOf({ ...draft, name: ' ACME noise v2 ', mapping: 'flat', attributes: [...draft.attributes, attributeRow('LAmax', { type: 'number', max: 180 })] }, SAVED);
    expect(Object.keys(patch).sort()).toEqual(['attributes', 'expression', 'name']);
    expect(patch.name).toBe('ACME noise v2');
    expect(patch.expression).toBeNull();
    expect(patch.attributes?.LAmax).toEqual({ type: 'number', max: 180 });
  });

  it('checks the draft against the server patterns before sending', () => {
    const fresh = newProfileDraft();
    expect(checkDraft(fresh, true)).toEqual({ id: 'required', name: 'required', entityType: 'required' });
    const filled = { ...fresh, id: 'Bad Id', name: 'x', entityType: '1Type', expression: ' ', inactivitySeconds: '5' };
    expect(checkDraft(filled, true)).toEqual({ id: 'idPattern', entityType: 'entityTypePattern', expression: 'expressionRequired', inactivitySeconds: 'inactivityRange' });
    expect(checkDraft({ ...filled, mapping: 'flat', id: 'ok-1', entityType: 'T', inactivitySeconds: '60' }, true)).toEqual({});
    const twice = { ...draftFromProfile(SAVED), attributes: [attributeRow('a'), attributeRow('a')] };
    expect(checkDraft(twice, false)).toEqual({ attributes: 'attributeDuplicate' });
    expect(checkDraft({ ...twice, attributes: [{ ...attributeRow('a'), min: '5', max: '1' }] }, false)).toEqual({ attributes: 'attributeRange' });
    expect(checkDraft({ ...twice, attributes: [attributeRow('9x')] }, false)).toEqual({ attributes: 'attributeName' });
    // A blank line is left out, not an error.
    expect(checkDraft({ ...twice, attributes: [attributeRow('')] }, false)).toEqual({});
  });

  it('sends null for the flat shape, the trimmed text otherwise', () => {
    expect(expressionOf({ mapping: 'flat', expression: 'x' })).toBeNull();
    expect(expressionOf({ mapping: 'jsonata', expression: ' $ \n' })).toBe('$');
  });

  it('shows units, values and payload problems readably', () => {
    expect(unitLabel('CEL')).toBe('°C (CEL)');
    expect(unitLabel('XYZ')).toBe('XYZ');
    expect(unitLabel(undefined)).toBe('');
    expect(valueText('21')).toBe('"21"');
    expect(valueText(21)).toBe('21');
    expect(valueText(true)).toBe('true');
    expect(parsePayload('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parsePayload('{a:1}').ok).toBe(false);
  });
});
