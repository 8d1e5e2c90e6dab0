import { rawPostgres } from '@zhicheng/kernel';

/**
 * A benchmark's own PostgreSQL database next to DATABASE_URL's (created now, dropped by
 * `drop`), or none when DATABASE_URL is unset (the run uses embedded PGlite).
 */
export async function scratchDatabase(prefix: string): Promise<{ url: string | null; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { url: null, drop: async () => {} };
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = rawPostgres(base, 1);
  await admin.unsafe(`create database ${name}`);
  return {
    url: Object.assign(new URL(base), { pathname: `/${name}` }).toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
