import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { residentIdCheckChar, validateResidentId } from './resident-id.js';
import { StandardsInputError } from './errors.js';

const NOW = new Date('2026-06-01T04:00:00Z'); // 2026-06-01 12:00 in Shanghai

function withCheck(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

const ISO_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_VALUE: Record<string, number> = { X: 10 };

describe('residentIdCheckChar', () => {
  it('matches the published GB 11643 example', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });
  it('rejects anything but 17 digits', () => {
    for (const bad of ['', '1101051949123100', '110105194912310021', '1101051949123100A']) {
      expect(() => residentIdCheckChar(bad)).toThrow(StandardsInputError);
    }
  });
});

describe('validateResidentId', () => {
  const id = withCheck('51340119900101123'); // 西昌市, 1990-01-01, sequence 123 (odd)

  it('accepts a valid number and decodes it', () => {
    expect(validateResidentId(id, { now: NOW })).toEqual({
      valid: true, addressCode: '513401', birthDate: '1990-01-01', sex: 'male', checkChar: id.charAt(17),
    });
    expect(validateResidentId(withCheck('51340219851231124'), { now: NOW })).toMatchObject({ valid: true, sex: 'female', birthDate: '1985-12-31' });
  });

  it('accepts X and lower-case x as the check character', () => {
    expect(validateResidentId('11010519491231002X', { now: NOW })).toMatchObject({ valid: true, checkChar: 'X', sex: 'female' });
    expect(validateResidentId('11010519491231002x', { now: NOW })).toMatchObject({ valid: true, checkChar: 'X' });
  });

  it('rejects wrong lengths', () => {
    for (const bad of ['', id.slice(0, 17), `${id}0`, '513401900101123']) {
      expect(validateResidentId(bad, { now: NOW })).toEqual({ valid: false, reason: 'length' });
    }
  });

  it('rejects bad characters', () => {
    for (const bad of [`X${id.slice(1)}`, `${id.slice(0, 17)}Y`, `5134011990010112X${id.charAt(17)}`, `${id.slice(0, 10)}１${id.slice(11)}`, ` ${id.slice(1)}`]) {
      expect(validateResidentId(bad, { now: NOW })).toEqual({ valid: false, reason: 'format' });
    }
  });

  it('rejects impossible and future birth dates', () => {
    const dates = ['19900230', '19901301', '19900001', '19900100', '19000229', '00000101', '20260602'];
    for (const d of dates) {
      expect(validateResidentId(withCheck(`513401${d}123`), { now: NOW })).toEqual({ valid: false, reason: 'birthdate' });
    }
  });

  it('accepts leap days and today (Shanghai date), but not tomorrow', () => {
    expect(validateResidentId(withCheck('51340120000229123'), { now: NOW }).valid).toBe(true);
    expect(validateResidentId(withCheck('51340120240229123'), { now: NOW }).valid).toBe(true);
    // 2026-05-31T16:30Z is already 1 June in Shanghai.
    expect(validateResidentId(withCheck('51340120260601123'), { now: new Date('2026-05-31T16:30:00Z') }).valid).toBe(true);
    expect(validateResidentId(withCheck('51340120260601123'), { now: new Date('2026-05-31T15:59:00Z') })).toEqual({ valid: false, reason: 'birthdate' });
  });

  it('rejects a wrong check character', () => {
    const wrong = id.charAt(17) === '0' ? '1' : '0';
    expect(validateResidentId(id.slice(0, 17) + wrong, { now: NOW })).toEqual({ valid: false, reason: 'checksum' });
  });

  it('defaults "today" to the real clock', () => {
    expect(validateResidentId(withCheck('51340121990101123')).valid).toBe(false);
    expect(validateResidentId(id).valid).toBe(true);
  });
});

describe('GB 11643 check character properties', () => {
  const digits17 = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 17, maxLength: 17 }).map((d) => d.join(''));
  const validId = fc
    .record({
      address: fc.integer({ min: 110000, max: 659999 }),
      birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-05-31T00:00:00Z'), noInvalidDate: true }),
      seq: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ address, birth, seq }) => withCheck(`${address}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`));

  it('the full 18-character sum is ≡ 1 mod 11 for any 17-digit prefix (ISO 7064 MOD 11-2)', () => {
    fc.assert(fc.property(digits17, (first17) => {
      const check = residentIdCheckChar(first17);
      const sum = ISO_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) + (CHECK_VALUE[check] ?? Number(check));
      expect(sum % 11).toBe(1);
    }));
  });

  it('appending the check character always validates', () => {
    fc.assert(fc.property(validId, (id) => {
      expect(validateResidentId(id, { now: NOW }).valid).toBe(true);
    }));
  });

  it('every weight times every non-zero digit change is non-zero mod 11, so single-digit changes are always caught', () => {
    for (const w of ISO_WEIGHTS) for (let delta = 1; delta <= 9; delta += 1) expect((w * delta) % 11).not.toBe(0);
  });

  it('changing any single digit of the first 17 changes the check character', () => {
    fc.assert(fc.property(digits17, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (first17, pos, delta) => {
      const changed = String((Number(first17[pos]) + delta) % 10);
      const mutated = first17.slice(0, pos) + changed + first17.slice(pos + 1);
      expect(residentIdCheckChar(mutated)).not.toBe(residentIdCheckChar(first17));
    }));
  });

  it('a valid number with any single character changed no longer validates', () => {
    const alphabet = '0123456789X';
    fc.assert(fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, pos, shift) => {
      const pool = pos === 17 ? alphabet : alphabet.slice(0, 10);
      const original = id.charAt(pos);
      const replacement = pool.charAt((pool.indexOf(original) + shift) % pool.length);
      fc.pre(replacement !== original);
      const mutated = id.slice(0, pos) + replacement + id.slice(pos + 1);
      expect(validateResidentId(mutated, { now: NOW }).valid).toBe(false);
    }));
  });
});
