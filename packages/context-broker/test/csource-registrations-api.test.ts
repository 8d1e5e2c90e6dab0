import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import broker from '../src/index.js';
import { ALL_PERMS, client, SDM_LINK, testIdentityModule } from './helpers.js';

const MANAGER = { 'x-test-user': 'csr-admin', 'x-test-perms': [...ALL_PERMS, 'ngsi:manage'].join(','), 'x-test-department': 'dept-water' };
const OTHER = { 'x-test-user': 'other', 'x-test-perms': 'entities:read,ngsi:manage', 'x-test-department': 'dept-traffic', 'x-test-divisions': '513401' };
const READER = { 'x-test-user': 'reader', 'x-test-perms': 'entities:read' };
const ERR = (name: string) => `https://uri.etsi.org/ngsi-ld/errors/${name}`;

const registration = (id: string, extra: Record<string, unknown> = {}) => ({
  id, type: 'ContextSourceRegistration', endpoint: 'http://water-cs.example:8080',
  information: [{ entities: [{ type: 'WaterQualityObserved' }], propertyNames: ['pH', 'temperature'] }],
  ...extra,
});

describeWithPlatform('NGSI-LD context source registrations (clauses 5.2.9, 5.9, 5.10, 6.8, 6.9)', { modules: [testIdentityModule, broker] }, (t) => {
  const m = client(t, { ...MANAGER, ...SDM_LINK });

  it('registers (201 + Location), retrieves in the caller\'s context with sysAttrs, refuses duplicates (409) and bad shapes (400)', async () => {
    const r = await m.json('POST', '/csourceRegistrations', registration('urn:ngsi-ld:ContextSourceRegistration:water', { registrationName: 'county water lab', location: { type: 'Point', coordinates: [102.27, 27.9] } }));
    expect(r.statusCode).toBe(201);
    expect(r.headers.location).toBe('/ngsi-ld/v1/csourceRegistrations/urn%3Angsi-ld%3AContextSourceRegistration%3Awater');
    const got = (await m.get('/csourceRegistrations/urn:ngsi-ld:ContextSourceRegistration:water?options=sysAttrs')).json();
    expect(got).toMatchObject({
      id: 'urn:ngsi-ld:ContextSourceRegistration:water', type: 'ContextSourceRegistration', registrationName: 'county water lab', mode: 'inclusive',
      endpoint: 'http://water-cs.example:8080', information: [{ entities: [{ type: 'WaterQualityObserved' }], propertyNames: ['pH', 'temperature'] }],
    });
    expect(got.createdAt).toBeDefined();
    // Another context sees the expanded names.
    const plain = (await client(t, MANAGER).get('/csourceRegistrations/urn:ngsi-ld:ContextSourceRegistration:water')).json();
    expect(plain.information[0].entities[0].type).toBe('https://smartdatamodels.org/dataModel.WaterQuality/WaterQualityObserved');
    expect(plain.createdAt).toBeUndefined();

    const dup = await m.json('POST', '/csourceRegistrations', registration('urn:ngsi-ld:ContextSourceRegistration:water'));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().type).toBe(ERR('AlreadyExists'));
    const bad: Record<string, unknown>[] = [
      { type: 'ContextSourceRegistration', endpoint: 'http://x.example', information: [] },
      { type: 'ContextSourceRegistration', information: [{ propertyNames: ['a'] }] },
      { type: 'Registration', endpoint: 'http://x.example', information: [{ propertyNames: ['a'] }] },
      { type: 'ContextSourceRegistration', endpoint: 'http://x.example', information: [{}] },
      { type: 'ContextSourceRegistration', endpoint: 'http://x.example', information: [{ entities: [{ id: 'urn:a:b' }] }] },
      { type: 'ContextSourceRegistration', endpoint: 'http://x.example', information: [{ propertyNames: ['a'] }], mode: 'sometimes' },
      { type: 'ContextSourceRegistration', endpoint: 'http://x.example', information: [{ propertyNames: ['a'] }], observationInterval: { endAt: '2026-01-01T00:00:00Z' } },
      { id: 'not a uri', type: 'ContextSourceRegistration', endpoint: 'http://x.example', information: [{ propertyNames: ['a'] }] },
    ];
    for (const body of bad) {
      const res = await m.json('POST', '/csourceRegistrations', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().type).toBe(ERR('BadRequestData'));
    }
    expect((await client(t, READER).json('POST', '/csourceRegistrations', registration('urn:ngsi-ld:ContextSourceRegistration:r2'))).statusCode).toBe(403);
    expect((await m.get('/csourceRegistrations/urn:ngsi-ld:ContextSourceRegistration:none')).json().type).toBe(ERR('ResourceNotFound'));
  });

  it('discovers registrations by type, id, idPattern and attrs, with paging and count', async () => {
    await m.json('POST', '/csourceRegistrations', {
      id: 'urn:ngsi-ld:ContextSourceRegistration:traffic', type: 'ContextSourceRegistration', endpoint: 'http://traffic.example',
      information: [{ entities: [{ type: 'TrafficFlowObserved', idPattern: '^urn:ngsi-ld:TrafficFlowObserved:G5-' }] }],
    });
    await m.json('POST', '/csourceRegistrations', {
      id: 'urn:ngsi-ld:ContextSourceRegistration:any-noise', type: 'ContextSourceRegistration', endpoint: 'http://noise.example',
      information: [{ propertyNames: ['LAeq'] }],
    });
    const ids = async (qs: string) => ((await m.get(`/csourceRegistrations?${qs}`)).json() as { id: string }[]).map((x) => x.id.split(':').pop());
    // A registration without entities (any-noise) offers its attributes for any entity.
    expect(await ids('type=WaterQualityObserved')).toEqual(['any-noise', 'water']);
    expect(await ids('type=WaterQualityObserved&attrs=pH')).toEqual(['water']);
    expect(await ids('type=WaterQualityObserved&attrs=conductivity')).toEqual([]);
    expect(await ids('type=TrafficFlowObserved&id=urn:ngsi-ld:TrafficFlowObserved:G5-km12&attrs=intensity')).toEqual(['traffic']);
    expect(await ids('type=TrafficFlowObserved&id=urn:ngsi-ld:TrafficFlowObserved:G108-km3&attrs=intensity')).toEqual([]);
    // traffic names no attributes: it offers them all.
    expect(await ids('attrs=LAeq')).toEqual(['any-noise', 'traffic']);
    expect(await ids('type=WaterQualityObserved,TrafficFlowObserved&attrs=pH,intensity')).toEqual(['traffic', 'water']);
    const page = await m.get('/csourceRegistrations?limit=2&count=true');
    expect(page.headers['ngsild-results-count']).toBe('3');
    expect((page.json() as unknown[]).length).toBe(2);
    expect(String(page.headers.link)).toContain('rel="next"');
    expect((await m.get('/csourceRegistrations?idPattern=(')).json().type).toBe(ERR('BadRequestData'));
  });

  it('updates (204) by merging the fragment, and only the registering department may change or delete it', async () => {
    const id = 'urn:ngsi-ld:ContextSourceRegistration:water';
    expect((await m.json('PATCH', `/csourceRegistrations/${id}`, { description: 'pH and temperature of county sections', registrationName: null })).statusCode).toBe(204);
    const got = (await m.get(`/csourceRegistrations/${id}`)).json();
    expect(got.description).toBe('pH and temperature of county sections');
    expect(got.registrationName).toBeUndefined();
    expect(got.information[0].propertyNames).toEqual(['pH', 'temperature']);
    expect((await m.json('PATCH', `/csourceRegistrations/${id}`, { information: [] })).statusCode).toBe(400);
    expect((await m.json('PATCH', `/csourceRegistrations/${id}`, { id: 'urn:x:y' })).statusCode).toBe(400);
    expect((await m.json('PATCH', '/csourceRegistrations/urn:ngsi-ld:ContextSourceRegistration:none', { description: 'x' })).statusCode).toBe(404);

    const other = client(t, OTHER);
    expect((await other.json('PATCH', `/csourceRegistrations/${id}`, { description: 'mine now' })).statusCode).toBe(403);
    expect((await other.inject({ method: 'DELETE', url: `/ngsi-ld/v1/csourceRegistrations/${id}` })).statusCode).toBe(403);
    expect((await m.inject({ method: 'DELETE', url: `/ngsi-ld/v1/csourceRegistrations/${id}` })).statusCode).toBe(204);
    expect((await m.get(`/csourceRegistrations/${id}`)).statusCode).toBe(404);
    expect((await m.inject({ method: 'DELETE', url: `/ngsi-ld/v1/csourceRegistrations/${id}` })).statusCode).toBe(404);
  });

  it('keeps registrations per tenant and hides expired ones from discovery', async () => {
    const tenantA = { 'ngsild-tenant': 'county-a' };
    expect((await m.json('POST', '/csourceRegistrations', registration('urn:ngsi-ld:ContextSourceRegistration:a1'), tenantA)).statusCode).toBe(201);
    expect((await m.get('/csourceRegistrations/urn:ngsi-ld:ContextSourceRegistration:a1')).statusCode).toBe(404);
    expect((await m.get('/csourceRegistrations/urn:ngsi-ld:ContextSourceRegistration:a1', tenantA)).statusCode).toBe(200);
    expect((await m.get('/csourceRegistrations', { 'ngsild-tenant': 'nowhere' })).json().type).toBe(ERR('NonexistentTenant'));
    await m.json('POST', '/csourceRegistrations', registration('urn:ngsi-ld:ContextSourceRegistration:old', { expiresAt: '2020-01-01T00:00:00Z' }), tenantA);
    expect(((await m.get('/csourceRegistrations?type=WaterQualityObserved', tenantA)).json() as { id: string }[]).map((x) => x.id)).toEqual(['urn:ngsi-ld:ContextSourceRegistration:a1']);
  });
});
