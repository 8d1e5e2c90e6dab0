import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { maskAddress, maskEmail, maskField, maskName, maskPhone, maskResidentId } from './masking.js';
import { residentIdCheckChar } from './resident-id.js';

const cp = (s: string): string[] => Array.from(s);
/** Code points of the output that are not the mask character. */
const revealed = (out: string): number => cp(out).filter((c) => c !== '*').length;

const validResidentId = fc
  .record({
    address: fc.integer({ min: 110000, max: 659999 }),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-01-01T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ address, birth, seq }) => {
    const first17 = `${address}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    return first17 + residentIdCheckChar(first17);
  });

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([second, rest]) => `1${second}${rest}`);

const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) });
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), loneSurrogates, fc.string({ unit: 'binary', minLength: 15, maxLength: 20 }));
const maskers = { maskResidentId, maskPhone, maskName, maskAddress, maskEmail };

describe('maskResidentId', () => {
  it('keeps the first 6 and last 4 of an 18-character ID', () => {
    expect(maskResidentId('513401199001011234')).toBe('513401********1234');
    expect(maskResidentId('11010519491231002x')).toBe('110105********002x');
    expect(maskResidentId(' 513401199001011234 ')).toBe('513401********1234');
  });
  it('hides the birth date of a 15-digit legacy ID', () => {
    expect(maskResidentId('513401900101123')).toBe('513401******123');
  });
  it('masks all but the last 2 of anything else', () => {
    expect(maskResidentId('51340119900101123')).toBe('***************23');
    expect(maskResidentId('abc')).toBe('*bc');
    expect(maskResidentId('ab')).toBe('*b');
    expect(maskResidentId('a')).toBe('*');
    expect(maskResidentId('')).toBe('');
  });
  it('property: never shows the birth date, shows at most 10 characters, keeps the length', () => {
    fc.assert(fc.property(validResidentId, (id) => {
      const out = maskResidentId(id);
      expect(out).toHaveLength(18);
      expect(out.slice(6, 14)).toBe('********');
      expect(out).not.toContain(id.slice(6, 14));
      expect(revealed(out)).toBeLessThanOrEqual(10);
    }));
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['+8613812345678', '+86138****5678'],
    ['+86 13812345678', '+86 138****5678'],
    ['86-13812345678', '86-138****5678'],
    ['0834-3212345', '0834-*****45'],
    ['(0834)3212345', '0834-*****45'],
    ['08343212345', '0834-*****45'],
    ['010-12345678', '010-******78'],
    ['+86 834 3212345', '+86 834-*****45'],
    ['12345', '***45'],
    ['0834-3212345-808', '**************08'],
  ])('%s → %s', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
  it('property: an 11-digit mobile reveals at most 7 digits and never the middle 4', () => {
    fc.assert(fc.property(mobile, fc.constantFrom('', '+86', '86', '+86 ', '0086-'), (m, prefix) => {
      const out = maskPhone(prefix + m);
      const number = out.slice(out.length - 11);
      expect(number.slice(3, 7)).toBe('****');
      expect(number.replace(/\D/g, '')).toHaveLength(7);
      expect(out.startsWith(prefix)).toBe(true);
    }));
  });
  it('property: any 11-digit string reveals at most 7 digits', () => {
    fc.assert(fc.property(digits(11), (d) => {
      expect(maskPhone(d).replace(/\D/g, '').length).toBeLessThanOrEqual(7);
    }));
  });
});

describe('maskName', () => {
  it.each([
    ['张', '*'], ['张三', '张*'], ['张三丰', '张*丰'], ['欧阳娜娜', '欧**娜'], ['John Smith', 'J********h'],
    ['𠀋𠀋', '𠀋*'], ['𠀋𠀋𠀋', '𠀋*𠀋'], ['ꀉꂿꃅꅉ', 'ꀉ**ꅉ'], [' 张三 ', '张*'], ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });
  it('property: reveals at most 2 code points, and at most 1 of a 2-code-point name', () => {
    fc.assert(fc.property(anyString, (s) => {
      const out = maskName(s);
      expect(revealed(out)).toBeLessThanOrEqual(2);
      if (cp(s).length <= 2) expect(revealed(out)).toBeLessThanOrEqual(1);
    }));
  });
  it('property: one * per hidden code point of a trimmed name of 2+ code points', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: 2 }), (s) => {
      fc.pre(s.trim() === s && !s.includes('*'));
      expect(cp(maskName(s))).toHaveLength(cp(s).length);
    }));
  });
});

describe('maskAddress', () => {
  it.each([
    ['四川省凉山彝族自治州西昌市长安街道航天大道一段8号', '四川省凉山彝族自治州西昌市****'],
    ['凉山州西昌市航天大道', '凉山州西昌市****'],
    ['西昌市航天大道一段', '西昌市****'],
    ['四川省凉山彝族自治州木里藏族自治县乔瓦镇', '四川省凉山彝族自治州木里藏族自治县****'],
    ['四川省成都市武侯区人民南路四段', '四川省成都市武侯区****'],
    ['北京市东城区东华门街道', '北京市东城区****'],
    ['四川省西昌市长安街道', '四川省西昌市****'],
    ['浙江省杭州市西湖区', '浙江省杭州市西湖区****'],
    ['北京市通州区新华大街', '北京市通州区****'],
    ['内蒙古自治区呼伦贝尔市满洲里市', '内蒙古自治区呼伦贝尔市满洲里市****'],
    ['西昌市航天小区3栋', '西昌市****'],
  ])('%s → %s', (input, expected) => {
    expect(maskAddress(input)).toBe(expected);
  });
  it('keeps the first 6 code points when no division is recognised', () => {
    expect(maskAddress('长安街道马道小区8号')).toBe('长安街道马道****');
    expect(maskAddress('𠀋𠀋𠀋𠀋𠀋𠀋𠀋𠀋')).toBe('𠀋𠀋𠀋𠀋𠀋𠀋****');
    expect(maskAddress('ABC')).toBe('A****');
    expect(maskAddress('')).toBe('');
  });
  it('property: always ends with a fixed **** whatever the remainder length', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (s) => {
      fc.pre(s.trim() !== '');
      expect(maskAddress(s).endsWith('****')).toBe(true);
    }));
  });
});

describe('maskEmail', () => {
  it.each([
    ['alice@example.com', 'a***@example.com'],
    ['al@example.com', 'a***@example.com'],
    ['a@example.com', '***@example.com'],
    ['"a@b"@example.com', '"***@example.com'],
    ['𠀋bc@example.com', '𠀋***@example.com'],
    ['not-an-email', '**********il'],
    ['@example.com', '**********om'],
  ])('%s → %s', (input, expected) => {
    expect(maskEmail(input)).toBe(expected);
  });
});

describe('maskField', () => {
  it('dispatches by kind and passes null and undefined through as null', () => {
    expect(maskField('residentId', '513401199001011234')).toBe('513401********1234');
    expect(maskField('phone', '13812345678')).toBe('138****5678');
    expect(maskField('name', '张三丰')).toBe('张*丰');
    expect(maskField('address', '凉山州西昌市航天大道')).toBe('凉山州西昌市****');
    expect(maskField('email', 'alice@example.com')).toBe('a***@example.com');
    expect(maskField('name', null)).toBeNull();
    expect(maskField('phone', undefined)).toBeNull();
  });
  it('still masks under an unknown kind', () => {
    expect(maskField('passport' as 'name', 'E12345678')).toBe('*******78');
    expect(maskField('toString' as 'name', 'E12345678')).toBe('*******78');
  });
});

describe('all maskers', () => {
  it('property: never return a non-trivial input unchanged', () => {
    fc.assert(fc.property(anyString, (s) => {
      fc.pre(s.length >= 2 && !s.includes('*'));
      for (const mask of Object.values(maskers)) expect(mask(s)).not.toBe(s);
    }));
  });
  it('property: never return recognisable inputs unchanged either', () => {
    fc.assert(fc.property(fc.oneof(validResidentId, mobile, fc.emailAddress()), (s) => {
      for (const mask of Object.values(maskers)) expect(mask(s)).not.toBe(s);
    }));
  });
  it('property: never throw on arbitrary strings', () => {
    fc.assert(fc.property(anyString, (s) => {
      for (const mask of Object.values(maskers)) expect(typeof mask(s)).toBe('string');
      expect(typeof maskField('address', s)).toBe('string');
    }), { numRuns: 500 });
  });
});
