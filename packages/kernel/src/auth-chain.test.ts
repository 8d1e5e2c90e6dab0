import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AuthenticatorLink, Principal } from './auth.js';
import { createAuthChain } from './auth-chain.js';

const req = (authorization?: string) => ({ headers: authorization ? { authorization } : {} }) as unknown as FastifyRequest;
const principal = (name: string): Principal => ({ kind: 'user', id: name, name, departmentId: null, can: () => false });

function link(name: string, prefix: string | null, valid: boolean, calls: string[], fallback = false): AuthenticatorLink {
  return {
    name, fallback,
    claims: (r) => prefix === null || (r.headers.authorization ?? '').startsWith(`Bearer ${prefix}`),
    authenticate: async () => {
      calls.push(name);
      return valid ? principal(name) : null;
    },
  };
}

describe('authenticator chain', () => {
  it('asks specific links in registration order, fallbacks last, and the first claim decides', async () => {
    const calls: string[] = [];
    const chain = createAuthChain();
    chain.add(link('catch-all', null, true, calls, true));
    chain.add(link('device', 'zcd_', false, calls));
    chain.add(link('other', 'zco_', true, calls));
    expect(chain.names()).toEqual(['device', 'other', 'catch-all']);
    // claimed by "device" and invalid: no principal, and the catch-all is not asked
    expect(await chain.resolve(req('Bearer zcd_x'))).toEqual({ principal: null, claimedBy: 'device' });
    expect(calls).toEqual(['device']);
    expect((await chain.resolve(req('Bearer zco_x'))).principal?.name).toBe('other');
    expect((await chain.resolve(req('Bearer anything'))).claimedBy).toBe('catch-all');
    expect(calls).toEqual(['device', 'other', 'catch-all']);
  });

  it('leaves requests nobody claims anonymous and refuses two links of one name', async () => {
    const chain = createAuthChain();
    chain.add(link('device', 'zcd_', true, []));
    expect(await chain.resolve(req())).toEqual({ principal: null, claimedBy: null });
    expect(() => chain.add(link('device', 'x', true, []))).toThrow(/installed already/);
  });
});
