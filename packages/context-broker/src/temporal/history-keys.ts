import type { Logger, Queryable } from '@zhicheng/kernel';

/**
 * The codes of the history's plain-number cells (migration 0010): one per history key
 * (attribute IRI [+ ' ' + datasetId]) and unit, assigned by the database, never changed or
 * removed, so this process keeps every code it has seen. A cell whose code is not known yet is
 * written in its jsonb form (always valid); `learn` asks for the codes outside any write
 * transaction, so a code is cached only once it is committed.
 */
export function createHistoryKeys(db: Queryable, log: Logger) {
  // key → unit → code: looked up for every number ingested, so no string is built per lookup
  const codes = new Map<string, Map<string, number>>();
  const pairs = new Map<number, { key: string; unit: string }>();
  const has = (key: string, unit: string) => codes.get(key)?.has(unit) ?? false;
  const remember = (code: number, key: string, unit: string) => {
    let units = codes.get(key);
    if (!units) codes.set(key, (units = new Map()));
    units.set(unit, code);
    pairs.set(code, { key, unit });
  };
  const wanted = new Map<string, [string, string]>();
  let learning: Promise<void> | null = null;
  const id = (key: string, unit: string) => `${key}\u0001${unit}`;

  async function fetch(list: [string, string][]) {
    const keys = list.map((p) => p[0]);
    const units = list.map((p) => p[1]);
    await db.query(
      `insert into ngsi.history_keys (key, unit) select * from unnest($1::text[], $2::text[]) order by 1, 2 on conflict (key, unit) do nothing`,
      [keys, units],
    );
    const rows = await db.query<{ code: number; key: string; unit: string }>(
      'select code, key, unit from ngsi.history_keys where (key, unit) in (select * from unnest($1::text[], $2::text[]))',
      [keys, units],
      { prepare: false },
    );
    for (const r of rows) remember(r.code, r.key, r.unit);
  }

  return {
    /** Reads every code assigned so far (at start: the table holds one row per key and unit). */
    async load(): Promise<void> {
      for (const r of await db.query<{ code: number; key: string; unit: string }>('select code, key, unit from ngsi.history_keys')) remember(r.code, r.key, r.unit);
    },

    /** The code of a plain-number cell of this key and unit, if known ('' = no unit). */
    code: (key: string, unit: string): number | undefined => codes.get(key)?.get(unit),

    /** The history key and unit of a code this process has seen. */
    pairOf: (code: number): { key: string; unit: string } | undefined => pairs.get(code),

    /** Makes sure these codes are known (one round trip when some are not). */
    async ensure(list: Iterable<[string, string]>): Promise<void> {
      const missing: [string, string][] = [];
      const seen = new Set<string>();
      for (const [k, u] of list) {
        const i = id(k, u);
        if (!has(k, u) && !seen.has(i)) {
          seen.add(i);
          missing.push([k, u]);
        }
      }
      if (missing.length) await fetch(missing);
    },

    /**
     * Asks for codes in the background (writes inside a transaction cannot: a code inserted
     * there and rolled back would be cached). The cells that wanted them are already written in
     * their jsonb form; later writes use the codes.
     */
    learn(list: Iterable<[string, string]>): void {
      for (const [k, u] of list) if (!has(k, u)) wanted.set(id(k, u), [k, u]);
      if (!wanted.size || learning) return;
      const batch = [...wanted.values()];
      wanted.clear();
      learning = fetch(batch)
        .catch((err: unknown) => log.warn({ err }, 'history key codes could not be assigned; cells stay in jsonb form'))
        .finally(() => {
          learning = null;
        });
    },

    /** Resolves when codes asked for by `learn` are in (tests). */
    settled: async () => {
      while (learning) await learning;
    },
  };
}

export type HistoryKeys = ReturnType<typeof createHistoryKeys>;
