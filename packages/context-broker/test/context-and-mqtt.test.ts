import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import broker from '../src/index.js';
import { client, testIdentityModule } from './helpers.js';

// A user @context served over HTTP from an allowed host (127.0.0.1 here), fetched once and cached.
let served = 0;
let contextServer: Server;
let contextUrl = '';

describeWithPlatform('NGSI-LD remote @context and MQTT notifications', {
  modules: [testIdentityModule, broker], mqtt: true, env: { ZC_LDCONTEXT_HOSTS: '127.0.0.1', ZC_ALLOW_PRIVATE_CALLBACKS: '1' },
}, (t) => {
  const c = client(t);
  beforeAll(async () => {
    served = 0;
    contextServer = createServer((req, res) => {
      served++;
      if (req.url === '/ctx.jsonld') res.writeHead(200, { 'content-type': 'application/ld+json' }).end(JSON.stringify({ '@context': { speed: 'https://example.org/vocab#speed', Car: 'https://example.org/vocab#Car' } }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => contextServer.listen(0, '127.0.0.1', r));
    contextUrl = `http://127.0.0.1:${(contextServer.address() as AddressInfo).port}/ctx.jsonld`;
  });
  afterAll(() => new Promise<void>((r) => {
    contextServer.closeAllConnections();
    contextServer.close(() => r());
  }));

  it('fetches a Link context from an allowed host once, and answers with it', async () => {
    const link = { link: `<${contextUrl}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"` };
    expect((await c.json('POST', '/entities', { id: 'urn:ngsi-ld:Car:1', type: 'Car', speed: { type: 'Property', value: 80 } }, link)).statusCode).toBe(201);
    const withCtx = await c.get('/entities/urn:ngsi-ld:Car:1', link);
    expect(withCtx.json()).toEqual({ id: 'urn:ngsi-ld:Car:1', type: 'Car', speed: { type: 'Property', value: 80 } });
    expect(withCtx.headers.link).toContain(contextUrl);
    const without = (await c.get('/entities/urn:ngsi-ld:Car:1')).json();
    expect(without.type).toBe('https://example.org/vocab#Car');
    expect(without['https://example.org/vocab#speed']).toBeDefined();
    expect(served).toBe(1);
    const missing = await c.get('/entities/urn:ngsi-ld:Car:1', { link: `<${contextUrl.replace('ctx', 'nope')}>; rel="http://www.w3.org/ns/json-ld#context"` });
    expect(missing.statusCode).toBe(503);
  });

  it('publishes notifications to an mqtt:// endpoint', async () => {
    const port = t.platform().ctx.mqtt!.port;
    const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`);
    const got: { metadata: Record<string, string>; body: { data: { id: string; n: number }[] } }[] = [];
    sub.on('message', (_topic, payload) => got.push(JSON.parse(payload.toString())));
    await sub.subscribeAsync('city/notify', { qos: 1 });
    const r = await c.json('POST', '/subscriptions', { type: 'Subscription', entities: [{ type: 'Gauge' }], notification: { format: 'keyValues', endpoint: { uri: `mqtt://127.0.0.1:${port}/city/notify` } } });
    expect(r.statusCode).toBe(201);
    await c.json('POST', '/entities', { id: 'urn:ngsi-ld:Gauge:1', type: 'Gauge', n: { type: 'Property', value: 3 } });
    for (let i = 0; i < 100 && !got.length; i++) await new Promise((res) => setTimeout(res, 50));
    await sub.endAsync();
    expect(got[0]!.body.data).toEqual([{ id: 'urn:ngsi-ld:Gauge:1', type: 'Gauge', n: 3 }]);
    expect(got[0]!.metadata['content-type']).toBe('application/json');
  });
});
