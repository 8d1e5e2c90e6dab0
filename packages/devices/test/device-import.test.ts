import ExcelJS from 'exceljs';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import { auth, ENV, MODULES } from './helpers.js';
import type { TestPlatform } from '@zhicheng/kernel/testing';

async function waitDone(p: TestPlatform, id: string) {
  for (let i = 0; i < 200; i++) {
    const r = (await p.app.inject({ method: 'GET', url: `/api/v1/devices/imports/${id}`, headers: auth })).json<{ status: string }>();
    if (r.status !== 'running') return r as unknown as { status: string; total: number; processed: number; created: number; updated: number; failed: number; errors: { row: number; id: string | null; code: string; column: string | null; message: string }[] };
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('import did not finish');
}

describeWithPlatform('bulk device import (CSV, XLSX)', { modules: MODULES, env: ENV }, (t) => {
  const csv = [
    'id,name,profileId,divisionCode,lon,lat,vendor,tags',
    'imp-1,"西昌 1号, 空气站",air-quality,513401,102.26,27.89,Acme,a;b',
    'imp-2,盐源气象站,weather-station,513423,,,,',
    'imp-3,bad profile,nope,513401,,,,',
    'imp-4,bad division,air-quality,12,,,,',
  ].join('\r\n');

  it('imports a CSV with progress, per-row errors and one-time credentials; a re-import is idempotent', async () => {
    const p = t.platform();
    const r = await p.app.inject({ method: 'POST', url: '/api/v1/devices/imports?fileName=fleet.csv', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv });
    expect(r.statusCode).toBe(202);
    const job = await waitDone(p, r.json<{ id: string }>().id);
    expect(job).toMatchObject({ status: 'done', total: 4, processed: 4, created: 2, updated: 0, failed: 2 });
    expect(job.errors.map((e) => e.row)).toEqual([4, 5]);
    // Each refused row says why with a stable code and the column at fault.
    expect(job.errors.map(({ code, column }) => ({ code, column }))).toEqual([
      { code: 'ERR_DEVICES_PROFILE_NOT_FOUND', column: 'profileId' },
      { code: 'ERR_DEVICES_IMPORT_FIELD_INVALID', column: 'divisionCode' },
    ]);
    const dev = (await p.app.inject({ method: 'GET', url: '/api/v1/devices/imp-1', headers: auth })).json();
    expect(dev).toMatchObject({ name: '西昌 1号, 空气站', vendor: 'Acme', tags: ['a', 'b'], location: { lon: 102.26, lat: 27.89 } });
    const creds = await p.app.inject({ method: 'POST', url: `/api/v1/devices/imports/${r.json<{ id: string }>().id}/credentials`, headers: auth });
    const items = creds.json<{ items: { id: string; token: string }[] }>().items;
    expect(items.map((i) => i.id).sort()).toEqual(['imp-1', 'imp-2']);
    expect((await p.app.inject({ method: 'POST', url: `/api/v1/devices/imports/${r.json<{ id: string }>().id}/credentials`, headers: auth })).statusCode).toBe(410);
    // the token works
    const tel = await p.app.inject({ method: 'POST', url: '/api/v1/telemetry', headers: { authorization: `Bearer ${items[0]!.token}` }, payload: {} });
    expect(tel.statusCode).toBe(200);
    const again = await p.app.inject({ method: 'POST', url: '/api/v1/devices/imports', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv });
    const job2 = await waitDone(p, again.json<{ id: string }>().id);
    expect(job2).toMatchObject({ created: 0, updated: 2, failed: 2 });
    const [n] = await p.ctx.db.query<{ n: number }>(`select count(*)::int as n from devices.devices where id like 'imp-%'`);
    expect(n!.n).toBe(2);
  });

  it('imports an XLSX workbook and refuses unknown columns', async () => {
    const p = t.platform();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('devices');
    ws.addRow(['id', 'name', 'profileId', 'divisionCode']);
    ws.addRow(['x-1', 'xlsx one', 'noise-meter', '513401']);
    ws.addRow(['x-2', 'xlsx two', 'soil-sensor', '513422']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await p.app.inject({ method: 'POST', url: '/api/v1/devices/imports?fileName=f.xlsx', headers: { ...auth, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, payload: data });
    expect(r.statusCode).toBe(202);
    expect(await waitDone(p, r.json<{ id: string }>().id)).toMatchObject({ status: 'done', created: 2, failed: 0 });
    const bad = await p.app.inject({ method: 'POST', url: '/api/v1/devices/imports', headers: { ...auth, 'content-type': 'text/csv' }, payload: 'id,name,profileId,colour\nz,z,flat-keyvalue,red\n' });
    expect(bad.json()).toMatchObject({ status: 400, code: 'ERR_DEVICES_IMPORT_INVALID' });
  });
});
