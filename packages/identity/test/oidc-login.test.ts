import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeWithPlatform } from '@zhicheng/kernel/testing';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, ENV, identityModules, testClock } from './helpers.js';

/**
 * Single sign-on end to end against a real OpenID provider (node-oidc-provider with its
 * development login and consent pages) on a free port: every hop is a real HTTP request,
 * the provider's forms are filled in and submitted, and the flow ends in a Zhicheng session.
 */
const PUBLIC = 'http://zhicheng.test';
const GROUPS: Record<string, string[]> = { alice: ['liangshan-eeb'], mallory: ['somewhere-else'], admin: ['ops'] };
const env: Record<string, string> = {
  ...ENV,
  ZC_PUBLIC_URL: PUBLIC,
  ZC_OIDC_CLIENT_ID: 'zhicheng',
  ZC_OIDC_CLIENT_SECRET: 'zhicheng-test-secret-0123456789',
  ZC_OIDC_SCOPES: 'openid profile email groups',
  ZC_OIDC_GROUP_MAP: JSON.stringify({
    'liangshan-eeb': { department: 'dept_513400_eeb', roles: ['department-officer'], departmentScope: 'dept_513400_eeb' },
    ops: { department: 'dept_513400_ioc', roles: ['operator', 'system-admin'], divisionScope: '513400' },
  }),
};

let server: Server;
beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: env.ZC_OIDC_CLIENT_ID!, client_secret: env.ZC_OIDC_CLIENT_SECRET!, redirect_uris: [`${PUBLIC}/api/v1/auth/oidc/callback`],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
    }],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, preferred_username: sub, name: `${sub} (IdP)`, email: `${sub}@example.org`, groups: GROUPS[sub] ?? [] }),
    }),
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['oidc-test-cookie-key'] },
  });
  server.on('request', provider.callback());
  env.ZC_OIDC_ISSUER = issuer;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A tiny browser: follows redirects by hand within the provider, keeps its cookies, submits its forms. */
function browser() {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  return {
    async go(url: string, init: RequestInit = {}): Promise<{ url: string; res: Response }> {
      let current = url;
      let req = init;
      for (let hops = 0; hops < 10; hops++) {
        if (current.startsWith(PUBLIC)) return { url: current, res: new Response(null, { status: 302 }) };
        const res = await fetch(current, { ...req, redirect: 'manual', headers: { ...(req.headers as Record<string, string>), cookie: cookie() } });
        keep(res);
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location) {
          current = new URL(location, current).href;
          req = {};
          continue;
        }
        return { url: current, res };
      }
      throw new Error('too many redirects');
    },
    async submit(pageUrl: string, html: string, fields: Record<string, string>) {
      const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!;
      const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return this.go(new URL(action, pageUrl).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...hidden, ...fields }).toString() });
    },
  };
}

describeWithPlatform('OIDC sign-on against a real provider', { modules: identityModules(testClock()), env }, (t) => {
  async function signOn(login: string) {
    const app = t.platform().app;
    const start = await app.inject({ url: '/api/v1/auth/oidc/login?returnTo=/map' });
    expect(start.statusCode).toBe(302);
    const authUrl = start.headers.location as string;
    expect(authUrl).toContain('code_challenge_method=S256');
    const b = browser();
    const loginPage = await b.go(authUrl);
    expect(loginPage.res.status).toBe(200);
    const afterLogin = await b.submit(loginPage.url, await loginPage.res.text(), { login, password: 'anything' });
    const consentHtml = await afterLogin.res.text();
    const back = afterLogin.url.startsWith(PUBLIC) ? afterLogin : await b.submit(afterLogin.url, consentHtml, {});
    expect(back.url.startsWith(`${PUBLIC}/api/v1/auth/oidc/callback?`)).toBe(true);
    return app.inject({ url: back.url.slice(PUBLIC.length) });
  }

  it('tells the login page that single sign-on is on', async () => {
    expect((await t.platform().app.inject({ url: '/api/v1/auth/methods' })).json()).toEqual({ password: true, oidc: true });
  });

  it('ends in a Zhicheng session with the department and roles of the mapped group', async () => {
    const app = t.platform().app;
    const callback = await signOn('alice');
    expect(callback.statusCode).toBe(302);
    const to = new URL(callback.headers.location as string);
    expect(`${to.origin}${to.pathname}`).toBe(`${PUBLIC}/login`);
    const fragment = new URLSearchParams(to.hash.slice(1));
    expect(fragment.get('returnTo')).toBe('/map');
    const exchange = await app.inject({ method: 'POST', url: '/api/v1/auth/oidc/exchange', payload: { code: fragment.get('oidcCode') } });
    expect(exchange.statusCode).toBe(200);
    const me = await app.inject({ url: '/api/v1/auth/me', headers: bearer(exchange.json().token) });
    expect(me.json()).toMatchObject({ username: 'alice', displayName: 'alice (IdP)', department: { id: 'dept_513400_eeb' }, roles: ['department-officer'] });
    // the one-time code is single use
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/oidc/exchange', payload: { code: fragment.get('oidcCode') } })).statusCode).toBe(401);
    const sessions = await t.platform().ctx.db.query<{ via: string }>("select s.via from identity.sessions s join identity.users u on u.id = s.user_id where u.username = 'alice'");
    expect(sessions).toEqual([{ via: 'oidc' }]);
  });

  it('signs the same person into the same account the next time', async () => {
    const callback = await signOn('alice');
    expect(callback.statusCode).toBe(302);
    const users = await t.platform().ctx.db.query("select id from identity.users where oidc_subject like '%|alice'");
    expect(users).toHaveLength(1);
  });

  it('refuses a person in no mapped group', async () => {
    const callback = await signOn('mallory');
    expect(callback.statusCode).toBe(403);
    expect(callback.json().code).toBe('ERR_AUTH_OIDC_NO_ACCESS');
  });

  it('never links an identity-provider "admin" to the local admin, nor grants administrator roles from groups', async () => {
    const callback = await signOn('admin');
    const code = new URLSearchParams(new URL(callback.headers.location as string).hash.slice(1)).get('oidcCode');
    const token = (await t.platform().app.inject({ method: 'POST', url: '/api/v1/auth/oidc/exchange', payload: { code } })).json().token;
    const me = (await t.platform().app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).json();
    expect(me.username).toMatch(/^admin\.[0-9a-f]{6}$/);
    expect(me.roles).toEqual(['operator']);
    expect(me.mustEnrollTotp).toBe(false);
  });

  it('rejects a callback with an unknown state', async () => {
    const r = await t.platform().app.inject({ url: '/api/v1/auth/oidc/callback?code=abc&state=forged-state' });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('ERR_AUTH_OIDC_FAILED');
  });
});
