import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import broker, { contextBrokerReaderKey, contextBrokerServiceKey } from '../src/index.js';
import { testIdentityModule } from './helpers.js';

describeWithPlatform('history reader (for rules and indicators)', { modules: [testIdentityModule, broker] }, (t) => {
  it('reads current entities and their history in short names, oldest first', async () => {
    const ctx = t.platform().ctx;
    const write = ctx.services.get(contextBrokerServiceKey);
    const id = 'urn:ngsi-ld:AirQualityObserved:reader-1';
    for (const [i, pm25] of [30, 80, 160].entries()) {
      await write.writeObservations([{
        entityId: id, entityType: 'AirQualityObserved', departmentId: 'env', divisionCode: '513401',
        attrs: [{ name: 'pm25', value: pm25, observedAt: new Date(Date.UTC(2026, 10, 24, i)).toISOString() }, { name: 'pm10', value: pm25 * 2, observedAt: new Date(Date.UTC(2026, 10, 24, i)).toISOString() }],
      }]);
    }
    const reader = ctx.services.get(contextBrokerReaderKey);
    const [e] = await reader.entities({ entityType: 'AirQualityObserved' });
    expect(e).toMatchObject({ entityId: id, divisionCode: '513401', attributes: { pm25: 160, pm10: 320 } });
    const h = await reader.history({ entityType: 'AirQualityObserved', attributes: ['pm25'], from: new Date(Date.UTC(2026, 10, 24, 0)), to: new Date(Date.UTC(2026, 10, 24, 2)) });
    expect(h.map((p) => [p.at, p.attributes])).toEqual([[Date.UTC(2026, 10, 24, 0), { pm25: 30 }], [Date.UTC(2026, 10, 24, 1), { pm25: 80 }]]);
    expect(await reader.entities({ entityType: 'WaterQualityObserved' })).toEqual([]);
  });
});
