import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDivisionsCsv, pathsOf } from './divisions-csv.js';

describe('divisions CSV', () => {
  it('reads the bundled Liangshan list: 1 prefecture, 17 counties, 304 townships', () => {
    const rows = parseDivisionsCsv(readFileSync(new URL('../data/liangshan/divisions.csv', import.meta.url), 'utf8'));
    expect(rows).toHaveLength(322);
    expect(rows.filter((r) => r.level === 'county')).toHaveLength(17);
    expect(rows.filter((r) => r.level === 'township')).toHaveLength(304);
    const paths = pathsOf(rows);
    expect(paths.get('513400')).toEqual(['513400']);
    expect(paths.get('513401')).toEqual(['513400', '513401']);
    const township = rows.find((r) => r.level === 'township' && r.parentCode === '513401')!;
    expect(paths.get(township.code)).toEqual(['513400', '513401', township.code]);
  });

  it('rejects a wrong header or a malformed line with its number', () => {
    expect(() => parseDivisionsCsv('a,b\n')).toThrow(/header/);
    expect(() => parseDivisionsCsv('code,name,level,parent_code\n513401,西昌市,city,513400\n')).toThrow(/line 2/);
  });
});
