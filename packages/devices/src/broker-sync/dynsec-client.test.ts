import { describe, expect, it } from 'vitest';
import { deleteCommands, deviceAcls, firstFailure, upsertCommands } from './dynsec-client.js';

describe('dynamic-security commands', () => {
  it('give a device its own topics only, and replace its client idempotently', () => {
    expect(deviceAcls('aq-1').map((a) => `${a.acltype} ${a.topic}`)).toEqual([
      'publishClientSend zc/v1/devices/aq-1/telemetry', 'publishClientSend zc/v1/devices/aq-1/attributes',
      'publishClientSend zc/v1/devices/aq-1/status', 'subscribePattern zc/v1/devices/aq-1/#',
    ]);
    expect(upsertCommands('aq-1', 'zcd_x').map((c) => c.command)).toEqual(['deleteClient', 'createRole', 'createClient']);
    expect(upsertCommands('aq-1', 'zcd_x')[2]).toMatchObject({ username: 'aq-1', password: 'zcd_x', roles: [{ rolename: 'zc-device-aq-1' }] });
    expect(deleteCommands('aq-1')).toEqual([{ command: 'deleteClient', username: 'aq-1' }, { command: 'deleteRole', rolename: 'zc-device-aq-1' }]);
  });

  it('counts "already so" answers as success and anything else as a failure', () => {
    expect(firstFailure([{ command: 'deleteClient', error: 'Client not found' }, { command: 'createRole', error: 'Role already exists' }, { command: 'createClient' }])).toBeNull();
    expect(firstFailure([{ command: 'deleteClient' }, { command: 'createClient', error: 'Client already exists' }])).toBe('createClient: Client already exists');
  });
});
