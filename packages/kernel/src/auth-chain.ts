import type { FastifyRequest } from 'fastify';
import type { AuthenticatorLink, Principal } from './auth.js';

export interface AuthOutcome {
  principal: Principal | null;
  /** The link that claimed the credentials (null: nobody did, the request is anonymous). */
  claimedBy: string | null;
}

/**
 * The ordered authenticator chain: specific links in registration order, then fallbacks.
 * The first link that claims the credentials decides; a claimed but invalid credential is
 * never tried against the next link (a device token is not looked up as an API key).
 */
export function createAuthChain() {
  let ordered: AuthenticatorLink[] = [];
  return {
    add(link: AuthenticatorLink): void {
      if (ordered.some((l) => l.name === link.name)) throw new Error(`An authenticator named ${link.name} is installed already`);
      const specific = ordered.filter((l) => !l.fallback);
      const fallbacks = ordered.filter((l) => l.fallback);
      ordered = link.fallback ? [...specific, ...fallbacks, link] : [...specific, link, ...fallbacks];
    },
    /** Link names in the order they are asked. */
    names: (): string[] => ordered.map((l) => l.name),
    async resolve(req: FastifyRequest): Promise<AuthOutcome> {
      for (const link of ordered) {
        if (link.claims(req)) return { principal: await link.authenticate(req), claimedBy: link.name };
      }
      return { principal: null, claimedBy: null };
    },
  };
}

export type AuthChain = ReturnType<typeof createAuthChain>;
