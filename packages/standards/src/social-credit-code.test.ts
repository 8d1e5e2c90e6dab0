import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  SOCIAL_CREDIT_ALPHABET,
  organisationCodeCheckChar,
  socialCreditCheckChar,
  validateSocialCreditCode,
} from './social-credit-code.js';
import { StandardsInputError } from './errors.js';

const KNOWN = '91110000600037341L';

/** Builds a valid code from authority, type, division and an 8-character org body. */
function build(prefix8: string, orgBody: string): string {
  const first17 = prefix8 + orgBody + organisationCodeCheckChar(orgBody);
  return first17 + socialCreditCheckChar(first17);
}

describe('validateSocialCreditCode', () => {
  it('accepts the known example and decodes it', () => {
    expect(validateSocialCreditCode(KNOWN)).toEqual({
      valid: true,
      registrationAuthority: '9',
      organisationType: '1',
      divisionCode: '110000',
      organisationCode: '600037341',
      checkChar: 'L',
    });
  });

  it('accepts constructed codes, including an X organisation check', () => {
    expect(organisationCodeCheckChar('00000006')).toBe('X'); // Σ = 12 ≡ 1 → 11 − 1 = 10
    expect(validateSocialCreditCode(build('12513400', '00000006'))).toMatchObject({ valid: true, organisationCode: '00000006X' });
    expect(validateSocialCreditCode(build('52513401', 'MA62H9T4')).valid).toBe(true);
  });

  it('rejects wrong lengths', () => {
    for (const bad of ['', KNOWN.slice(0, 17), `${KNOWN}0`]) expect(validateSocialCreditCode(bad)).toEqual({ valid: false, reason: 'length' });
  });

  it('rejects characters outside the alphabet, including lower case', () => {
    for (const c of ['I', 'O', 'S', 'V', 'Z', 'a', '-', ' ']) {
      expect(validateSocialCreditCode(`${c}${KNOWN.slice(1)}`)).toEqual({ valid: false, reason: 'format' });
    }
    expect(validateSocialCreditCode(KNOWN.toLowerCase())).toEqual({ valid: false, reason: 'format' });
  });

  it('rejects a wrong check character', () => {
    expect(validateSocialCreditCode(`${KNOWN.slice(0, 17)}M`)).toEqual({ valid: false, reason: 'checksum' });
  });

  it('rejects a consistent outer check over a broken organisation code', () => {
    const first17 = `${KNOWN.slice(0, 16)}2`; // org check should be 1
    const code = first17 + socialCreditCheckChar(first17);
    expect(validateSocialCreditCode(code)).toEqual({ valid: false, reason: 'organisation-code' });
  });
});

describe('check characters', () => {
  it('computes the known examples', () => {
    expect(socialCreditCheckChar('91110000600037341')).toBe('L');
    expect(organisationCodeCheckChar('60003734')).toBe('1');
  });

  it('maps 10 to X and 11 to 0 in the organisation check', () => {
    const bodies = fc.sample(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }).map((d) => d.join('')), { numRuns: 2000, seed: 7 });
    const checks = new Set(bodies.map(organisationCodeCheckChar));
    expect(checks.has('X')).toBe(true);
    expect(checks.has('0')).toBe(true);
    expect(organisationCodeCheckChar('00000000')).toBe('0');
  });

  it('rejects malformed input', () => {
    expect(() => socialCreditCheckChar('9111000060003734')).toThrow(StandardsInputError);
    expect(() => socialCreditCheckChar('9111000060003734I')).toThrow(StandardsInputError);
    expect(() => organisationCodeCheckChar('6000373')).toThrow(StandardsInputError);
    expect(() => organisationCodeCheckChar('6000373a')).toThrow(StandardsInputError);
  });

  it('any code built from its check characters validates, and any single substitution breaks it', () => {
    const ch = fc.constantFrom(...SOCIAL_CREDIT_ALPHABET);
    const str = (n: number) => fc.array(ch, { minLength: n, maxLength: n }).map((a) => a.join(''));
    fc.assert(fc.property(str(8), str(8), fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (prefix, body, pos, shift) => {
      const code = build(prefix, body);
      expect(validateSocialCreditCode(code).valid).toBe(true);
      const replacement = SOCIAL_CREDIT_ALPHABET.charAt((SOCIAL_CREDIT_ALPHABET.indexOf(code.charAt(pos)) + shift) % 31);
      expect(validateSocialCreditCode(code.slice(0, pos) + replacement + code.slice(pos + 1)).valid).toBe(false);
    }));
  });
});
