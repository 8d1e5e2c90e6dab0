import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import type { InjectOptions } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import { modules } from '../src/modules.js';

const consoleBuilt = existsSync(fileURLToPath(new URL('../../web/dist/index.html', import.meta.url)));

describeWithPlatform('server composition', { modules }, (t) => {
  const inject = (opts: InjectOptions) => t.platform().app.inject(opts);

  it('is healthy and says what it is', async () => {
    expect((await inject({ url: '/healthz' })).json().status).toBe('ok');
    expect((await inject({ url: '/api/v1/system/info' })).json()).toMatchObject({
      product: 'Zhicheng', regionCode: '513400', regionName: '凉山彝族自治州', demo: true, engines: { database: t.engine, bus: 'memory' },
      map: { tileUrl: null, tileAttribution: null },
    });
  });

  it.skipIf(!consoleBuilt)('serves the console and its client-side routes', async () => {
    const index = await inject({ url: '/', headers: { accept: 'text/html' } });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.body).toContain('<div id="root">');
    const deep = await inject({ url: '/overview?wall=1', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toBe(index.body);
    expect(deep.headers['cache-control']).toBe('no-cache');
  });

  it.skipIf(!consoleBuilt)('sends pre-compressed, immutable assets to clients that accept them', async () => {
    const index = await inject({ url: '/', headers: { accept: 'text/html' } });
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(asset).toBeDefined();
    const r = await inject({ url: asset!, headers: { 'accept-encoding': 'br, gzip' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['cache-control']).toContain('immutable');
  });

  it('keeps problem-details 404s for unknown API paths, even for browsers', async () => {
    const r = await inject({ url: '/api/v1/nope', headers: { accept: 'text/html' } });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('ERR_NOT_FOUND');
  });

  it('documents every module route in one OpenAPI document', async () => {
    const doc = (await inject({ url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/api/v1/geo/divisions', '/api/v1/geo/boundaries']));
  });
});
