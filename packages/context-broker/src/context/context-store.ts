import { createHash, randomUUID } from 'node:crypto';
import type { Db, Logger } from '@zhicheng/kernel';

export type ContextKind = 'Hosted' | 'Cached' | 'ImplicitlyCreated';
export const CONTEXT_KINDS: readonly ContextKind[] = ['Hosted', 'Cached', 'ImplicitlyCreated'];

export interface StoredContext {
  id: string;
  kind: ContextKind;
  url: string | null;
  body: { '@context': unknown };
  department_id: string | null;
  created_by: string | null;
  created_at: Date;
}

/** Path of a context this broker serves; a Link to it resolves from the store, whatever the host. */
export const LOCAL_CONTEXT_PATH = /^https?:\/\/[^/]+\/ngsi-ld\/v1\/jsonldContexts\/([^/?#]+)$/;

/** Implicitly created contexts kept at most (oldest go first): inline contexts are client-chosen. */
const MAX_IMPLICIT = 10_000;

/**
 * The @context store (clause 5.13), table `ngsi.jsonld_contexts`. Implicitly created contexts
 * are named by a hash of their content, so the same inline context always gets the same URL,
 * in every process and after a restart.
 */
export function createContextStore(db: Db, log: Logger) {
  const implicitSeen = new Set<string>();
  let implicitWrites = 0;

  const COLS = 'id, kind, url, body, department_id, created_by, created_at';
  return {
    async get(idOrUrl: string): Promise<StoredContext | null> {
      const rows = await db.query<StoredContext>(`select ${COLS} from ngsi.jsonld_contexts where id = $1 or url = $1 limit 1`, [idOrUrl]);
      return rows[0] ?? null;
    },
    async list(kind: ContextKind | null): Promise<StoredContext[]> {
      return db.query<StoredContext>(`select ${COLS} from ngsi.jsonld_contexts where $1::text is null or kind = $1 order by created_at, id`, [kind]);
    },
    async addHosted(context: unknown, owner: { departmentId: string | null; principalId: string | null }): Promise<string> {
      const id = randomUUID();
      await db.query(
        `insert into ngsi.jsonld_contexts (id, kind, body, department_id, created_by) values ($1, 'Hosted', $2::text::jsonb, $3, $4)`,
        [id, JSON.stringify({ '@context': context }), owner.departmentId, owner.principalId],
      );
      return id;
    },
    /** The id under which an inline context is served; stored on first sight (in the background). */
    implicitId(context: unknown): string {
      const id = createHash('sha256').update(JSON.stringify(context)).digest('hex').slice(0, 32);
      if (!implicitSeen.has(id)) {
        implicitSeen.add(id);
        if (implicitSeen.size > MAX_IMPLICIT) implicitSeen.clear();
        void this.saveImplicit(id, context).catch((err: unknown) => log.warn({ err }, 'storing an implicitly created @context failed'));
      }
      return id;
    },
    async saveImplicit(id: string, context: unknown): Promise<void> {
      await db.query(
        `insert into ngsi.jsonld_contexts (id, kind, body) values ($1, 'ImplicitlyCreated', $2::text::jsonb) on conflict (id) do nothing`,
        [id, JSON.stringify({ '@context': context })],
      );
      // Keep the table bounded: every so often drop the oldest implicit contexts beyond the cap.
      if (++implicitWrites % 100 === 0) {
        await db.query(
          `delete from ngsi.jsonld_contexts where kind = 'ImplicitlyCreated' and id in (
             select id from ngsi.jsonld_contexts where kind = 'ImplicitlyCreated' order by created_at desc offset $1)`,
          [MAX_IMPLICIT],
        );
      }
    },
    /** A downloaded remote context, kept as Cached (replacing an older copy). */
    async saveCached(url: string, document: unknown): Promise<void> {
      await db.query(
        `insert into ngsi.jsonld_contexts (id, kind, url, body) values ($1, 'Cached', $2, $3::text::jsonb)
         on conflict (url) do update set body = excluded.body, created_at = now()`,
        [randomUUID(), url, JSON.stringify(document)],
      );
    },
    async delete(id: string): Promise<boolean> {
      return (await db.query('delete from ngsi.jsonld_contexts where id = $1 returning id', [id])).length > 0;
    },
    /** Changes anywhere (count and newest), so processes notice deletions made by others. */
    async version(): Promise<string> {
      const [r] = await db.query<{ v: string }>("select count(*)::text || ':' || coalesce(max(created_at)::text, '') as v from ngsi.jsonld_contexts where kind <> 'ImplicitlyCreated'");
      return r?.v ?? '';
    },
  };
}

export type ContextStore = ReturnType<typeof createContextStore>;
