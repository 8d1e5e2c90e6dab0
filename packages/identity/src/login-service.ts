import type { AuditActor } from '@zhicheng/audit';
import { AppError } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import type { IdentityContext } from './identity-context.js';
import { verifyPassword } from './password-hasher.js';
import { checkTotp } from './totp.js';
import { accountState } from './user-state.js';
import type { UserRow } from './users-repository.js';

export interface LoginResult {
  token: string;
  expiresAt: string;
  mustChangePassword: boolean;
  mustEnrollTotp: boolean;
}

// One message for an unknown user, a wrong password, a disabled or a locked account, so a
// caller cannot learn which accounts exist or are locked.
const invalid = () => new AppError(401, 'ERR_AUTH_INVALID_CREDENTIALS', 'The user name or password is wrong, or the account cannot sign in now.');
const totpRequired = () => new AppError(401, 'ERR_AUTH_TOTP_REQUIRED', 'Enter the 6-digit code from your authenticator app.');

export const userActor = (u: Pick<UserRow, 'id' | 'username' | 'department_id'>): AuditActor => ({ kind: 'user', id: u.id, name: u.username, departmentId: u.department_id });

export function createLoginService(c: IdentityContext) {
  const fail = async (req: FastifyRequest, actor: AuditActor, reason: string, error: AppError) => {
    await c.audit.record({ action: 'auth.login', outcome: 'failure', actor, objectType: 'user', objectId: actor.id, detail: { reason } }, req);
    return error;
  };

  return {
    async login(input: { username: string; password: string; totp?: string }, req: FastifyRequest): Promise<LoginResult> {
      const now = c.now();
      const user = await c.users.byUsername(input.username.trim());
      if (!user) {
        await verifyPassword(null, input.password);
        throw await fail(req, { kind: 'anonymous', id: null, name: input.username.trim().slice(0, 100), departmentId: null }, 'unknown-user', invalid());
      }
      const actor = userActor(user);
      if (user.locked_until && new Date(user.locked_until).getTime() > now.getTime()) {
        await verifyPassword(null, input.password);
        throw await fail(req, actor, 'locked', invalid());
      }
      const passwordOk = await verifyPassword(user.password_hash, input.password);
      if (!passwordOk || user.disabled) {
        if (!passwordOk) {
          const locked = await c.users.recordFailure(user.id, c.config.ZC_LOCKOUT_ATTEMPTS, new Date(now.getTime() + c.config.ZC_LOCKOUT_MINUTES * 60_000));
          if (locked) {
            await c.audit.record({ action: 'auth.account.locked', outcome: 'success', actor, objectType: 'user', objectId: user.id, detail: { minutes: c.config.ZC_LOCKOUT_MINUTES } }, req);
          }
        }
        throw await fail(req, actor, user.disabled ? 'disabled' : 'bad-password', invalid());
      }
      let totpStep: number | null = null;
      if (user.totp_secret) {
        if (!input.totp) throw await fail(req, actor, 'totp-missing', totpRequired());
        totpStep = checkTotp(user.totp_secret, input.totp, now, user.totp_last_step === null ? null : Number(user.totp_last_step));
        if (totpStep === null) {
          // A wrong code counts like a wrong password: the second factor cannot be guessed either.
          await c.users.recordFailure(user.id, c.config.ZC_LOCKOUT_ATTEMPTS, new Date(now.getTime() + c.config.ZC_LOCKOUT_MINUTES * 60_000));
          throw await fail(req, actor, 'totp-wrong', totpRequired());
        }
      }
      await c.users.recordSuccess(user.id, totpStep);
      return this.openSession(user, req, 'password');
    },

    /** A session for a user who proved who they are (password above, or the identity provider). */
    async openSession(user: UserRow, req: FastifyRequest, via: 'password' | 'oidc'): Promise<LoginResult> {
      const { grants } = await c.roles.grantsOf(user.id);
      const state = accountState(user, grants, c.policy, c.now());
      const s = await c.sessions.create(user.id, { sourceIp: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null, via });
      await c.audit.record({
        action: 'auth.login', outcome: 'success', actor: userActor(user), objectType: 'session', objectId: s.id,
        detail: { via, mustChangePassword: state.mustChangePassword, mustEnrollTotp: state.mustEnrollTotp },
      }, req);
      return { token: s.token, expiresAt: s.expiresAt.toISOString(), mustChangePassword: state.mustChangePassword, mustEnrollTotp: state.mustEnrollTotp };
    },
  };
}

export type LoginService = ReturnType<typeof createLoginService>;
