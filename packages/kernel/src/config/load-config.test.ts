import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { describeConfig, loadConfig, rolesOf } from './load-config.js';

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.MQTT_PORT).toBe(1883);
    expect(c.ZC_DATA_DIR).toBe('./var');
    expect(c.ZC_DEMO).toBe('on');
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('converts numbers and treats empty strings as unset', () => {
    const c = loadConfig({ PORT: '9090', MQTT_PORT: ' 0 ', DATABASE_URL: '' });
    expect(c.PORT).toBe(9090);
    expect(c.MQTT_PORT).toBe(0);
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ MQTT_URL: 'http://broker' }, 'MQTT_URL'],
    [{ ZC_DEMO: 'yes' }, 'ZC_DEMO'],
    [{ ZC_ROLES: 'api,web' }, 'ZC_ROLES'],
    [{ ZC_ADMIN_PASSWORD: 'short' }, 'ZC_ADMIN_PASSWORD'],
    [{ ZC_MAP_TILE_URL: 'https://tiles.example.cn/tile.png' }, 'ZC_MAP_TILE_URL'],
  ])('rejects %o naming the setting in one line', (env, setting) => {
    try {
      loadConfig(env);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).setting).toBe(setting);
      expect((err as Error).message).toMatch(new RegExp(`^Invalid setting ${setting}: `));
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('parses roles', () => {
    expect([...rolesOf(loadConfig({}))].sort()).toEqual(['api', 'ingest', 'rules', 'worker']);
    expect([...rolesOf(loadConfig({ ZC_ROLES: 'api,worker' }))]).toEqual(['api', 'worker']);
  });

  it('describes every setting for the documentation', () => {
    const rows = describeConfig();
    expect(rows.map((r) => r.name)).toContain('DATABASE_URL');
    expect(rows.every((r) => r.description.length > 10)).toBe(true);
  });
});
