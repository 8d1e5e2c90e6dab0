import { Type } from '@sinclair/typebox';
import { AppError, type HttpApp } from '@zhicheng/kernel';
import type { IdentityContext } from '../identity-context.js';
import type { LoginService } from '../login-service.js';
import type { OidcClient } from '../oidc-client.js';
import { provisionOidcUser } from '../oidc-provisioning.js';
import { LoginResult, OidcExchangeBody } from '../schemas.js';
import { hashToken, newToken } from '../tokens.js';

const PENDING_MS = 10 * 60_000;
const CODE_MS = 60_000;
const failed = (detail: string) => new AppError(401, 'ERR_AUTH_OIDC_FAILED', detail);

/**
 * Single sign-on: /oidc/login sends the browser to the issuer; /oidc/callback finishes the
 * code flow (PKCE, state, nonce) and sends the browser to the console with a one-time code
 * in the URL fragment (never sent to servers or logs); the console trades it for a session
 * at /oidc/exchange, so the session token itself never travels in a URL.
 */
export function oidcRoutes(app: HttpApp, c: IdentityContext, login: LoginService, client: OidcClient) {
  const tags = ['auth'];
  const rateLimit = { max: c.config.ZC_LOGIN_RATE_LIMIT, timeWindow: 60_000 };
  const s = client.settings;

  app.get('/api/v1/auth/oidc/login', {
    config: { public: true, rateLimit },
    schema: { tags, summary: 'Start single sign-on at the identity provider (302)', querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 300, pattern: '^/[^/\\\\]' })) }) },
  }, async (req, reply) => {
    const start = await client.start().catch((err: unknown) => {
      req.log.error({ err }, 'OIDC discovery failed');
      throw new AppError(503, 'ERR_AUTH_OIDC_UNAVAILABLE', 'The identity provider cannot be reached; try again later or sign in with a password.');
    });
    await c.db.query('delete from identity.oidc_pending where created_at < $1::timestamptz', [new Date(c.now().getTime() - PENDING_MS).toISOString()]);
    await c.db.query('insert into identity.oidc_pending (state_hash, code_verifier, nonce, return_to, created_at) values ($1, $2, $3, $4, $5::timestamptz)', [
      hashToken(start.state), start.codeVerifier, start.nonce, req.query.returnTo ?? '/', c.now().toISOString(),
    ]);
    return reply.redirect(start.url, 302);
  });

  app.get('/api/v1/auth/oidc/callback', {
    config: { public: true, rateLimit },
    schema: { tags, summary: 'Where the identity provider returns (302 to the console)', querystring: Type.Object({ state: Type.String({ maxLength: 200 }) }, { additionalProperties: true }) },
  }, async (req, reply) => {
    const [pending] = await c.db.query<{ code_verifier: string; nonce: string; return_to: string; created_at: Date }>(
      'delete from identity.oidc_pending where state_hash = $1 returning code_verifier, nonce, return_to, created_at', [hashToken(req.query.state)],
    );
    if (!pending || c.now().getTime() - new Date(pending.created_at).getTime() > PENDING_MS) throw failed('This sign-in link is unknown or too old; start again.');
    let who;
    try {
      who = await client.finish(new URL(req.url, s.publicUrl), { state: req.query.state, nonce: pending.nonce, codeVerifier: pending.code_verifier });
    } catch (err) {
      req.log.warn({ err }, 'OIDC callback rejected');
      await c.audit.record({ action: 'auth.login', outcome: 'failure', detail: { via: 'oidc', reason: (err as Error).message.slice(0, 200) } }, req);
      throw failed('The identity provider did not confirm the sign-in; start again.');
    }
    const user = await provisionOidcUser(c, s, who, req);
    const code = newToken('zco_');
    await c.db.query('insert into identity.login_codes (code_hash, user_id, expires_at) values ($1, $2, $3::timestamptz)', [
      hashToken(code), user.id, new Date(c.now().getTime() + CODE_MS).toISOString(),
    ]);
    return reply.redirect(`${s.publicUrl}/login#oidcCode=${code}&returnTo=${encodeURIComponent(pending.return_to)}`, 302);
  });

  app.post('/api/v1/auth/oidc/exchange', {
    config: { public: true, rateLimit },
    schema: { tags, summary: 'Trade the one-time code from the sign-on redirect for a session', body: OidcExchangeBody, response: { 200: LoginResult } },
  }, async (req) => {
    const [row] = await c.db.query<{ user_id: string; expires_at: Date }>('delete from identity.login_codes where code_hash = $1 returning user_id, expires_at', [hashToken(req.body.code)]);
    if (!row || new Date(row.expires_at).getTime() < c.now().getTime()) throw failed('This sign-in code is unknown, used or expired; sign in again.');
    const user = await c.users.byId(row.user_id);
    if (!user || user.disabled) throw failed('This account cannot sign in now.');
    return login.openSession(user, req, 'oidc');
  });
}
