import { AppError, badRequest, conflict, type HttpApp } from '@zhicheng/kernel';
import type { IdentityContext } from '../identity-context.js';
import type { LoginService } from '../login-service.js';
import { hashPassword, verifyPassword } from '../password-hasher.js';
import { checkPassword } from '../password-policy.js';
import { LoginBody, LoginResult, Me, PasswordBody, TotpConfirmBody, TotpEnrolment } from '../schemas.js';
import { checkTotp, newTotpSecret, otpauthUrl } from '../totp.js';
import { accountState } from '../user-state.js';
import { audited, principal, userPrincipal } from './route-helpers.js';

export function authRoutes(app: HttpApp, c: IdentityContext, login: LoginService) {
  const tags = ['auth'];
  const rateLimit = { max: c.config.ZC_LOGIN_RATE_LIMIT, timeWindow: 60_000 };

  app.post('/api/v1/auth/login', {
    config: { public: true, rateLimit },
    schema: { tags, summary: 'Sign in with user name, password and (administrators) a TOTP code', body: LoginBody, response: { 200: LoginResult } },
  }, async (req) => login.login(req.body, req));

  app.get('/api/v1/auth/me', {
    schema: { tags, summary: 'Who is signed in, with roles and permissions', response: { 200: Me } },
  }, async (req) => {
    const p = principal(req);
    const dept = p.departmentId ? await c.departments.get(p.departmentId) : null;
    const department = dept ? { id: dept.id, name: dept.name } : null;
    if (p.kind === 'apiKey') {
      return { id: p.id, kind: 'apiKey' as const, username: p.name, displayName: p.name, department, roles: [], permissions: p.permissions, mustChangePassword: false, mustEnrollTotp: false };
    }
    const user = (await c.users.byId(p.id))!;
    const state = accountState(user, p.grants, c.policy, c.now());
    return {
      id: p.id, kind: 'user' as const, username: user.username, displayName: user.display_name, department, roles: [...p.roles],
      permissions: p.permissions, mustChangePassword: state.mustChangePassword, mustEnrollTotp: state.mustEnrollTotp,
    };
  });

  app.post('/api/v1/auth/logout', {
    schema: { tags, summary: 'End this session', response: { 204: { type: 'null' } } },
  }, async (req, reply) => {
    const p = principal(req);
    if (p.sessionId) {
      await c.sessions.end(p.sessionId, 'logout');
      await audited(c, req, { action: 'auth.logout', objectType: 'session', objectId: p.sessionId });
    }
    return reply.status(204).send();
  });

  app.post('/api/v1/auth/password', {
    config: { rateLimit },
    schema: { tags, summary: 'Change your own password (ends your other sessions)', body: PasswordBody, response: { 204: { type: 'null' } } },
  }, async (req, reply) => {
    const p = userPrincipal(req);
    const user = (await c.users.byId(p.id))!;
    if (!user.password_hash) throw badRequest('ERR_AUTH_NO_LOCAL_PASSWORD', 'This account signs in through the identity provider; change the password there.');
    if (!(await verifyPassword(user.password_hash, req.body.currentPassword))) {
      const now = c.now();
      await c.users.recordFailure(user.id, c.config.ZC_LOCKOUT_ATTEMPTS, new Date(now.getTime() + c.config.ZC_LOCKOUT_MINUTES * 60_000));
      await audited(c, req, { action: 'auth.password.changed', outcome: 'failure', objectType: 'user', objectId: user.id, detail: { reason: 'wrong-current-password' } });
      throw badRequest('ERR_AUTH_CURRENT_PASSWORD_WRONG', 'The current password is wrong.');
    }
    if (req.body.newPassword === req.body.currentPassword) throw badRequest('ERR_AUTH_PASSWORD_POLICY', 'The new password must differ from the current one.');
    const problem = checkPassword(req.body.newPassword, c.policy, { username: user.username });
    if (problem) throw badRequest('ERR_AUTH_PASSWORD_POLICY', problem, { policy: { minLength: c.policy.minLength, minClasses: c.policy.minClasses } });
    await c.users.setPassword(user.id, await hashPassword(req.body.newPassword), false, c.now());
    const ended = await c.sessions.endAllOf(user.id, 'password-changed', p.sessionId);
    await audited(c, req, { action: 'auth.password.changed', objectType: 'user', objectId: user.id, detail: { otherSessionsEnded: ended } });
    return reply.status(204).send();
  });

  app.post('/api/v1/auth/totp/enroll', {
    schema: { tags, summary: 'Start enrolling an authenticator app (TOTP); confirm with a code', response: { 200: TotpEnrolment } },
  }, async (req) => {
    const p = userPrincipal(req);
    const user = (await c.users.byId(p.id))!;
    if (user.totp_secret) throw conflict('ERR_AUTH_TOTP_ALREADY_ENROLLED', 'A second factor is already enrolled; a security administrator can reset it.');
    const secret = newTotpSecret();
    await c.users.setPendingTotp(user.id, secret);
    await audited(c, req, { action: 'auth.totp.enrolment-started', objectType: 'user', objectId: user.id });
    return { secret, otpauthUrl: otpauthUrl(secret, user.username) };
  });

  app.post('/api/v1/auth/totp/confirm', {
    config: { rateLimit },
    schema: { tags, summary: 'Finish TOTP enrolment with a code from the app', body: TotpConfirmBody, response: { 204: { type: 'null' } } },
  }, async (req, reply) => {
    const p = userPrincipal(req);
    const user = (await c.users.byId(p.id))!;
    if (!user.totp_pending_secret) throw conflict('ERR_AUTH_TOTP_NOT_STARTED', 'Start with POST /api/v1/auth/totp/enroll.');
    const step = checkTotp(user.totp_pending_secret, req.body.code, c.now(), null);
    if (step === null) {
      await audited(c, req, { action: 'auth.totp.enrolled', outcome: 'failure', objectType: 'user', objectId: user.id, detail: { reason: 'wrong-code' } });
      throw new AppError(400, 'ERR_AUTH_TOTP_INVALID', 'The code does not match; check the time on your phone and enter the current code.');
    }
    await c.users.confirmTotp(user.id, step);
    await audited(c, req, { action: 'auth.totp.enrolled', objectType: 'user', objectId: user.id });
    return reply.status(204).send();
  });
}
