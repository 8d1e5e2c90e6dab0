import type { AuditEntry } from '@zhicheng/audit';
import { AppError } from '@zhicheng/kernel';
import type { FastifyRequest } from 'fastify';
import type { IdentityContext } from '../identity-context.js';
import { isIdentityPrincipal, type IdentityPrincipal } from '../principal.js';

export function principal(req: FastifyRequest): IdentityPrincipal {
  if (!isIdentityPrincipal(req.principal)) throw new AppError(401, 'ERR_AUTH_REQUIRED', 'Sign in or send an API key (Authorization: Bearer … or X-API-Key).');
  return req.principal;
}

export function userPrincipal(req: FastifyRequest): IdentityPrincipal {
  const p = principal(req);
  if (p.kind !== 'user') throw new AppError(403, 'ERR_AUTH_USER_ONLY', 'Only a signed-in person can do this, not an API key.');
  return p;
}

/** Records a management action taken through a request. */
export const audited = (c: IdentityContext, req: FastifyRequest, entry: Omit<AuditEntry, 'outcome'> & { outcome?: AuditEntry['outcome'] }) =>
  c.audit.record({ outcome: 'success', ...entry }, req);

export const tags = (t: string) => [t];
