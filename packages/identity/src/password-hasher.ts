import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id with the OWASP parameters (19 MiB, 2 passes, 1 lane). @node-rs/argon2 hashes
 * with argon2id by default; the parameters are written here so they do not drift with it.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (pw: string): Promise<string> => hash(pw, OPTIONS);

export async function verifyPassword(stored: string | null, pw: string): Promise<boolean> {
  if (!stored) {
    // Same work for a user without a password (or none at all), so timing does not tell.
    await verify(await dummyHash(), pw).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, pw);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hash('zhicheng-no-such-user', OPTIONS));
