import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ConfigError, type Config } from '@zhicheng/kernel';
import * as oidc from 'openid-client';

/** ZC_OIDC_GROUP_MAP: which department and roles an identity-provider group brings. */
const GroupMapSchema = Type.Record(Type.String({ minLength: 1 }), Type.Object({
  department: Type.String({ minLength: 1 }),
  roles: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
  divisionScope: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{3}(\\d{3})?)?$' })),
  departmentScope: Type.Optional(Type.String({ minLength: 1 })),
}, { additionalProperties: false }));
export type GroupMap = Static<typeof GroupMapSchema>;

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  publicUrl: string;
  scopes: string;
  groupsClaim: string;
  groupMap: GroupMap;
}

/** Reads the OIDC settings once; null when single sign-on is not configured. A half configuration stops the start. */
export function oidcSettings(config: Config): OidcSettings | null {
  if (!config.ZC_OIDC_ISSUER) return null;
  for (const k of ['ZC_OIDC_CLIENT_ID', 'ZC_OIDC_CLIENT_SECRET', 'ZC_PUBLIC_URL'] as const) {
    if (!config[k]) throw new ConfigError(k, 'is required when ZC_OIDC_ISSUER is set.');
  }
  let map: unknown;
  try {
    map = JSON.parse(config.ZC_OIDC_GROUP_MAP);
  } catch (err) {
    throw new ConfigError('ZC_OIDC_GROUP_MAP', `is not JSON: ${(err as Error).message}`);
  }
  const withDefaults = Value.Default(GroupMapSchema, map);
  const first = Value.Errors(GroupMapSchema, withDefaults).First();
  if (first) throw new ConfigError('ZC_OIDC_GROUP_MAP', `${first.path || '/'} ${first.message}`);
  const publicUrl = config.ZC_PUBLIC_URL!.replace(/\/+$/, '');
  return {
    issuer: new URL(config.ZC_OIDC_ISSUER), clientId: config.ZC_OIDC_CLIENT_ID!, clientSecret: config.ZC_OIDC_CLIENT_SECRET!,
    redirectUri: `${publicUrl}/api/v1/auth/oidc/callback`, publicUrl, scopes: config.ZC_OIDC_SCOPES, groupsClaim: config.ZC_OIDC_GROUPS_CLAIM,
    groupMap: withDefaults as GroupMap,
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface OidcIdentity {
  subject: string;
  username: string;
  displayName: string;
  email: string | null;
  groups: string[];
}

/**
 * The relying-party side of the authorization-code flow with PKCE, on openid-client.
 * Discovery is lazy (the issuer may start after us) and cached once it succeeds.
 */
export function createOidcClient(s: OidcSettings) {
  let configuration: Promise<oidc.Configuration> | null = null;
  const discover = () => {
    configuration ??= oidc.discovery(s.issuer, s.clientId, s.clientSecret, undefined, {
      // Plain HTTP only for an issuer on this machine (development, tests); anything else must be HTTPS.
      execute: LOOPBACK.has(s.issuer.hostname) ? [oidc.allowInsecureRequests] : [],
    }).catch((err: unknown) => {
      configuration = null;
      throw err;
    });
    return configuration;
  };

  return {
    settings: s,

    async start(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }> {
      const config = await discover();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: s.redirectUri, scope: s.scopes, code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256', state, nonce,
      });
      return { url: url.href, state, nonce, codeVerifier };
    },

    async finish(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<OidcIdentity> {
      const config = await discover();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true,
      });
      const id = tokens.claims()!;
      let claims: Record<string, unknown> = { ...id };
      if (!(s.groupsClaim in claims)) claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, id.sub)), ...claims };
      const raw = claims[s.groupsClaim];
      const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string').map((g) => g.replace(/^\//, '')) : [];
      const str = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string) : null);
      return {
        subject: `${config.serverMetadata().issuer}|${id.sub}`,
        username: str('preferred_username') ?? str('email') ?? id.sub,
        displayName: str('name') ?? str('preferred_username') ?? id.sub,
        email: str('email'),
        groups,
      };
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
