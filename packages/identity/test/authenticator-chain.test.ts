import { defineModule } from '@zhicheng/kernel';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import { expect, it } from 'vitest';
import { bearer, ENV, identityModules, PASSWORDS, testClock, tokenOf } from './helpers.js';

const clock = testClock();
/** A bootstrap key (any string is allowed) whose shape another module's link claims when sent as a bearer token. */
const KEY = `zcx_${'k'.repeat(40)}`;
const claimed: string[] = [];

/** Stands for a module with its own credentials (devices' `zcd_…` tokens): it claims `Bearer zcx_…` and accepts none. */
const otherLink = defineModule({
  name: 'other-credentials',
  init(ctx) {
    ctx.addAuthenticator({
      name: 'other',
      claims: (req) => /^Bearer zcx_/.test(req.headers.authorization ?? ''),
      authenticate: async (req) => {
        claimed.push(req.headers.authorization!);
        return null;
      },
    });
  },
});

describeWithPlatform('identity in the authenticator chain', { modules: identityModules(clock, [otherLink]), env: { ...ENV, ZC_BOOTSTRAP_API_KEY: KEY } }, (t) => {
  const me = (headers: Record<string, string>) => t.platform().app.inject({ url: '/api/v1/auth/me', headers });

  it('is a fallback: credentials another link claims are judged there and never looked up as API keys', async () => {
    claimed.length = 0;
    // identity is listed before the other module, and would accept this key; the other link claimed it first
    const r = await me(bearer(KEY));
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: 'ERR_AUTH_REQUIRED', detail: expect.stringMatching(/not valid/) });
    expect(claimed).toEqual([`Bearer ${KEY}`]);
    const [key] = await t.platform().ctx.db.query<{ last_used_at: Date | null }>('select last_used_at from identity.api_keys where bootstrap');
    expect(key!.last_used_at).toBeNull();
  });

  it('still judges what nobody else claims: API keys in X-API-Key, session tokens', async () => {
    claimed.length = 0;
    const viaHeader = await me({ 'x-api-key': KEY });
    expect(viaHeader.statusCode).toBe(200);
    expect(viaHeader.json()).toMatchObject({ kind: 'apiKey' });
    const token = await tokenOf(t.platform(), 'operator', PASSWORDS.demo);
    expect((await me(bearer(token))).json()).toMatchObject({ kind: 'user', username: 'operator' });
    expect((await me(bearer('zcs_unknown-session-token-000000000000'))).statusCode).toBe(401);
    expect(claimed).toEqual([]);
  });
});
