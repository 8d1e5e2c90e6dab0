/** The files of bulk provisioning, built in the browser (pure: no DOM). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importContentType, XLSX_TYPE } from '../../../api/device-imports';
import {
  BOM, credentialsCsv, csvCell, csvText, derivedFileName, errorColumn, errorsCsv, errorText, IMPORT_COLUMNS, importPercent, importTemplateCsv,
} from './import-files';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..', '..');

describe('import files', () => {
  it('names the columns the server reads, in its order', () => {
    const source = readFileSync(join(REPO_ROOT, 'packages', 'devices', 'src', 'provisioning', 'import-jobs.ts'), 'utf8');
    const list = /IMPORT_COLUMNS = \[([^\]]+)\]/.exec(source)?.[1] ?? '';
    const server = [...list.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]);
    expect(server.length).toBeGreaterThan(3);
    expect(IMPORT_COLUMNS.map((c) => c.name)).toEqual(server);
    expect(IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.name)).toEqual(['id', 'name', 'profileId']);
  });

  it('builds the template: a byte-order mark and the header row only', () => {
    const text = importTemplateCsv();
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1)).toBe('id,name,profileId,departmentId,divisionCode,lon,lat,entityId,vendor,model,firmware,tags,token\r\n');
  });

  it('quotes a cell only when it must (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvText([['a', 'b'], ['1', '']])).toBe(`${BOM}a,b\r\n1,\r\n`);
  });

  it('writes the credentials with the MQTT user name and password beside the token', () => {
    const text = credentialsCsv([{ id: 'dev-1', token: 'zcd_abc' }, { id: 'dev-2', token: 'zcd_x,y' }]);
    expect(text).toBe(`${BOM}id,token,mqttUsername,mqttPassword\r\ndev-1,zcd_abc,dev-1,zcd_abc\r\ndev-2,"zcd_x,y",dev-2,"zcd_x,y"\r\n`);
  });

  it('reads the column out of a row error', () => {
    expect(errorColumn('profileId: no device profile has the id nope')).toBe('profileId');
    expect(errorColumn('/name: Expected string length greater or equal to 1')).toBe('name');
    expect(errorColumn('/location/lat: Expected number')).toBe('lat');
    expect(errorColumn('token: 20 to 200 characters')).toBe('token');
    expect(errorColumn('id: device x exists and is not yours to change')).toBe('id');
    expect(errorColumn('(row): invalid')).toBeNull();
    expect(errorColumn('You may not manage devices of that department or division.')).toBeNull();
    expect(errorColumn('mystery: not a column')).toBeNull();
    expect(errorText('profileId: no device profile has the id nope')).toBe('no device profile has the id nope');
    expect(errorText('You may not manage devices of that department or division.')).toBe('You may not manage devices of that department or division.');
    // An older job's error (no code, no column) and a current one (the server's column wins).
    expect(errorsCsv([
      { row: 3, id: 'd-3', message: 'profileId: no device profile has the id nope' },
      { row: 4, id: 'd-4', code: 'ERR_DEVICES_IMPORT_FIELD_INVALID', column: 'lat', message: '/location/lat: Expected number' },
    ])).toBe(
      `${BOM}row,id,column,code,message\r\n3,d-3,profileId,,no device profile has the id nope\r\n4,d-4,lat,ERR_DEVICES_IMPORT_FIELD_INVALID,Expected number\r\n`,
    );
  });

  it('measures progress: rows processed while running, 100 once finished', () => {
    expect(importPercent({ status: 'running', processed: 0, total: 0 })).toBe(0);
    expect(importPercent({ status: 'running', processed: 200, total: 600 })).toBe(33);
    expect(importPercent({ status: 'running', processed: 700, total: 600 })).toBe(100);
    expect(importPercent({ status: 'done', processed: 0, total: 3 })).toBe(100);
    expect(importPercent({ status: 'failed', processed: 1, total: 3 })).toBe(100);
  });

  it('names the derived files and types the upload by its extension', () => {
    expect(derivedFileName('fleet.CSV', 'credentials')).toBe('fleet-credentials.csv');
    expect(derivedFileName('fleet.xlsx', 'errors')).toBe('fleet-errors.csv');
    expect(derivedFileName('.csv', 'errors')).toBe('devices-errors.csv');
    expect(importContentType('Fleet.XLSX')).toBe(XLSX_TYPE);
    expect(importContentType('fleet.csv')).toBe('text/csv');
    expect(importContentType('fleet.txt')).toBe('application/octet-stream');
  });
});
