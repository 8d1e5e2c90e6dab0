/**
 * De-identification for display, following the display limits of GB/T 35273 and PIPL
 * art. 51. Masking happens on the server before data leaves it; callers that may show a
 * full value (by role and grant) skip these and audit the view.
 *
 * Every function counts Unicode code points, never UTF-16 units, so astral characters
 * are never split in half, and none of them returns a non-trivial input unmasked: shapes
 * they do not recognise fall back to hiding all but the last 2 characters.
 */

const MASK = '*';

function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Hides all but the last `keep` code points, and always hides at least one. */
function maskAllButLast(s: string, keep = 2): string {
  const cps = codePoints(s);
  const shown = Math.min(keep, Math.max(0, cps.length - 1));
  return MASK.repeat(cps.length - shown) + cps.slice(cps.length - shown).join('');
}

/**
 * Resident ID for display: first 6 (address code) and last 4 kept, birth date always
 * hidden; 15-digit legacy numbers keep the first 6 and last 3.
 *
 * @example maskResidentId('513401199001011234') → '513401********1234'
 */
export function maskResidentId(s: string): string {
  const t = s.trim();
  if (/^\d{17}[\dXx]$/.test(t)) return `${t.slice(0, 6)}${MASK.repeat(8)}${t.slice(14)}`;
  if (/^\d{15}$/.test(t)) return `${t.slice(0, 6)}${MASK.repeat(6)}${t.slice(12)}`;
  return maskAllButLast(t);
}

const MOBILE = /^(\+86|0086|86)?([\s-]?)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})$/;
// Area codes: 010 and 02x are 3 digits, all others 4 (with the trunk 0).
const LANDLINE = /^\(?(0[12]\d|0[3-9]\d{2})\)?[\s-]?(\d{7,8})$/;
const LANDLINE_INTL = /^(\+86|0086)([\s-]?)\(?(1\d|2\d|[3-9]\d{2})\)?[\s-]?(\d{7,8})$/;

/**
 * Phone number for display. Mainland mobiles keep the first 3 and last 4 digits (and a
 * +86/86/0086 prefix as written); landlines keep the area code and the last 2 digits.
 * Separators inside the number are normalised away.
 *
 * @example maskPhone('13812345678') → '138****5678'
 * @example maskPhone('0834-3212345') → '0834-*****45'
 */
export function maskPhone(s: string): string {
  const t = s.trim();
  const mobile = MOBILE.exec(t);
  if (mobile) {
    const [, prefix = '', sep = '', head = '', , tail = ''] = mobile;
    return `${prefix}${prefix ? sep : ''}${head}${MASK.repeat(4)}${tail}`;
  }
  const landline = LANDLINE.exec(t);
  if (landline) {
    const [, area = '', local = ''] = landline;
    return `${area}-${MASK.repeat(local.length - 2)}${local.slice(-2)}`;
  }
  const intl = LANDLINE_INTL.exec(t);
  if (intl) {
    const [, prefix = '', sep = '', area = '', local = ''] = intl;
    return `${prefix}${sep}${area}-${MASK.repeat(local.length - 2)}${local.slice(-2)}`;
  }
  return maskAllButLast(t);
}

/**
 * Personal name for display, one `*` per hidden code point: 1 → `*`, 2 → first kept,
 * 3+ → first and last kept. Latin names are treated the same way as one string.
 *
 * @example maskName('张三丰') → '张*丰'
 * @example maskName('欧阳娜娜') → '欧**娜'
 */
export function maskName(s: string): string {
  const cps = codePoints(s.trim());
  const n = cps.length;
  if (n === 0) return '';
  if (n === 1) return MASK;
  if (n === 2) return `${cps[0] ?? ''}${MASK}`;
  return `${cps[0] ?? ''}${MASK.repeat(n - 2)}${cps[n - 1] ?? ''}`;
}

type TokenLevel = 'province' | 'prefecture' | 'county' | 'city';

const SUFFIX_LEVEL: Readonly<Record<string, TokenLevel>> = {
  特别行政区: 'province', 自治区: 'province', 省: 'province',
  自治州: 'prefecture', 地区: 'prefecture', 州: 'prefecture', 盟: 'prefecture',
  自治县: 'county', 自治旗: 'county', 林区: 'county', 县: 'county', 区: 'county', 旗: 'county',
  市: 'city',
};
const MUNICIPALITIES = new Set(['北京', '天津', '上海', '重庆']);
// Longer suffixes first so 自治州 wins over 州 at the same position; names are lazy so
// the earliest suffix wins (凉山彝族|自治州).
const TOKEN = /^(.{1,12}?)(特别行政区|自治区|自治州|自治县|自治旗|地区|林区|省|州|盟|市|县|区|旗)/u;
// Street-level text that must never be mistaken for a division name: digits, Latin,
// punctuation, spaces, and words for roads, buildings and compounds.
const NOT_A_DIVISION = /[\p{N}\p{P}\p{S}\p{Z}A-Za-z路街巷弄号栋幢室村组院]|小区|社区|园区|校区|景区|大道|街道|单元/u;

function nextToken(rest: string): { length: number; level: TokenLevel } | null {
  const m = TOKEN.exec(rest);
  if (!m) return null;
  const [text = '', name = '', suffix = ''] = m;
  if (NOT_A_DIVISION.test(text)) return null;
  let level = SUFFIX_LEVEL[suffix] ?? 'county';
  let length = text.length;
  // 杭州市, 通州区, 沙市区: the name's last character looks like a suffix itself.
  const after = rest.charAt(length);
  if ((suffix === '州' || suffix === '市') && (after === '市' || after === '区' || after === '县' || after === '旗')) {
    level = SUFFIX_LEVEL[after] ?? 'county';
    length += 1;
  }
  if (suffix === '市' && level === 'city' && MUNICIPALITIES.has(name)) level = 'province';
  return { length, level };
}

/** Length (UTF-16) of the leading administrative part: province, prefecture, county. */
function administrativePrefixLength(s: string): number {
  let end = 0;
  let last: TokenLevel | null = null;
  for (let count = 0; count < 3; count += 1) {
    const token = nextToken(s.slice(end));
    if (token === null) break;
    const { level } = token;
    const accepted =
      (level === 'province' && last === null) ||
      (level === 'prefecture' && (last === null || last === 'province')) ||
      level === 'county' ||
      level === 'city';
    if (!accepted) break;
    end += token.length;
    // A city after a prefecture is county-level (西昌市 under 凉山州): that ends it.
    if (level === 'county' || (level === 'city' && (last === 'prefecture' || last === 'city'))) break;
    last = level;
  }
  return end;
}

/**
 * Address for display: the administrative part up to the county level (…省…州…县/市/区)
 * is kept and the rest replaced by a fixed `****`, so the length of the street part is
 * not revealed. Without a recognisable division prefix, the first 6 code points are kept.
 * Recognition is a heuristic over the text; it never keeps street-level words.
 *
 * @example maskAddress('四川省凉山彝族自治州西昌市长安街道航天大道一段8号') → '四川省凉山彝族自治州西昌市****'
 */
export function maskAddress(s: string): string {
  const t = s.trim();
  if (t === '') return '';
  const prefix = administrativePrefixLength(t);
  if (prefix > 0) return `${t.slice(0, prefix)}${MASK.repeat(4)}`;
  const cps = codePoints(t);
  // Short strings keep half, so the fallback never shows nearly everything.
  const keep = cps.length > 6 ? 6 : Math.floor(cps.length / 2);
  return `${cps.slice(0, keep).join('')}${MASK.repeat(4)}`;
}

/**
 * E-mail for display: the first character of the local part and the domain are kept.
 *
 * @example maskEmail('alice@example.com') → 'a***@example.com'
 */
export function maskEmail(s: string): string {
  const t = s.trim();
  const at = t.lastIndexOf('@');
  if (at <= 0 || at === t.length - 1) return maskAllButLast(t);
  const local = codePoints(t.slice(0, at));
  const first = local.length > 1 ? (local[0] ?? '') : '';
  return `${first}${MASK.repeat(3)}${t.slice(at)}`;
}

export type MaskKind = 'residentId' | 'phone' | 'name' | 'address' | 'email';

const MASKERS: Readonly<Record<MaskKind, (s: string) => string>> = {
  residentId: maskResidentId,
  phone: maskPhone,
  name: maskName,
  address: maskAddress,
  email: maskEmail,
};

/**
 * Masks a field by kind; null and undefined pass through as null. An unknown kind (from
 * untyped callers) still masks, with the generic all-but-last-2 rule.
 *
 * @example maskField('phone', '13812345678') → '138****5678'
 */
export function maskField(kind: MaskKind, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const masker = Object.hasOwn(MASKERS, kind) ? MASKERS[kind] : undefined;
  return masker ? masker(value) : maskAllButLast(value.trim());
}
