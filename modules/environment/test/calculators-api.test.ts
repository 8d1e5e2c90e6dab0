import { describeWithPlatform, headerAuthModule, testUser, type InjectOptions } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import environment from '../src/index.js';

const user = testUser();

describeWithPlatform('environment calculators API', { modules: [headerAuthModule, environment] }, (t) => {
  const get = (url: string, headers: InjectOptions['headers'] = user) => t.platform().app.inject({ url, headers });

  it('computes AQI by the edition in force at the observation time', async () => {
    const before = (await get('/api/v1/environment/aqi?pm25=75&period=day&at=2026-02-28T15:59:00Z')).json();
    expect(before).toMatchObject({ aqi: 100, level: 2, edition: 'HJ 633-2012', categoryKey: 'good', primaryPollutants: ['pm25'], exceedingPollutants: [] });
    const after = (await get('/api/v1/environment/aqi?pm25=75&pm10=150&period=day&at=2026-02-28T16:00:00Z')).json();
    expect(after).toMatchObject({ aqi: 114, level: 3, edition: 'HJ 633-2026', category: { zh: '轻度污染', en: 'Lightly polluted' }, color: { hex: '#FF7E00' } });
    expect(after.iaqi).toEqual({ pm25: 114, pm10: 112 });
    expect(after.exceedingPollutants).toEqual(['pm25', 'pm10']);
  });

  it('classifies water and answers 400 with stable codes for bad input', async () => {
    const lake = (await get('/api/v1/environment/water-class?do=5.5&nh3n=0.4&tp=0.06&waterbody=lake')).json();
    expect(lake).toMatchObject({ class: 'IV', classNumber: 4, label: { zh: '轻度污染' }, worstParameters: ['tp'], standard: 'GB 3838-2002' });
    const none = await get('/api/v1/environment/water-class?waterbody=river');
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('ERR_ENV_NO_PARAMETER');
    const neg = await get('/api/v1/environment/aqi?pm25=-1');
    expect(neg.json()).toMatchObject({ status: 400, code: 'ERR_ENV_INVALID_VALUE' });
    expect((await get('/api/v1/environment/aqi')).json().code).toBe('ERR_ENV_NO_POLLUTANT');
    expect((await get('/api/v1/environment/aqi?so2=900&period=hour')).json().code).toBe('ERR_ENV_FALLBACK_REQUIRED');
    expect((await get('/api/v1/environment/aqi?pm25=abc')).json().code).toBe('ERR_VALIDATION');
    expect((await get('/api/v1/environment/water-class?ph=15')).json().code).toBe('ERR_ENV_INVALID_VALUE');
  });

  it('needs a signed-in user or key', async () => {
    expect((await get('/api/v1/environment/aqi?pm25=10', {})).statusCode).toBe(401);
  });
});
