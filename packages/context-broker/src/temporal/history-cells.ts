import type { Queryable } from '@zhicheng/kernel';

/** A plain-number code of a history key, with the unit its cells carry ('' = none). */
export interface KeyCode {
  code: number;
  unit: string;
}

/**
 * The codes of these history keys (migration 0010), read from the database at each call: another
 * process may have given a key a code (a new unit) that this one has not seen.
 */
export async function codesOf(q: Queryable, keys: string[]): Promise<Map<string, KeyCode[]>> {
  const out = new Map<string, KeyCode[]>(keys.map((k) => [k, []]));
  if (!keys.length) return out;
  const rows = await q.query<{ key: string; code: number; unit: string }>('select key, code, unit from ngsi.history_keys where key = any($1::text[]) order by code', [keys]);
  for (const r of rows) out.get(r.key)?.push({ code: r.code, unit: r.unit });
  return out;
}

/**
 * SQL expressions reading the cell of one history key from a history row `a`, whichever form
 * it was stored in: a jsonb cell in `attrs`, or a plain number in `nk`/`nv`. The key is bound
 * at `keyParam` (e.g. `$3`); the codes are added to `params`.
 */
export function cellSql(a: string, keyParam: string, codes: KeyCode[], params: unknown[]) {
  const j = `${a}.attrs->${keyParam}::text`;
  const jsonNumber = `case when jsonb_typeof(${j}->'v') = 'number' then (${j}->'v')::float8 end`;
  // Parameters are bound when an expression is first used (an unused parameter has no type).
  let cs: { n: string; unit: string }[] | null = null;
  const parts = () => (cs ??= codes.map((c) => ({ n: `${a}.nv[array_position(${a}.nk, $${params.push(c.code)}::int)]`, unit: c.unit })));
  const compact = () => (parts().length === 1 ? parts()[0]!.n : `coalesce(${parts().map((c) => c.n).join(', ')})`);
  return {
    /** The row holds a cell of the key. */
    get has() {
      const json = `coalesce(${a}.attrs ? ${keyParam}::text, false)`;
      return codes.length ? `(${json} or coalesce(${a}.nk && $${params.push(codes.map((c) => c.code))}::int[], false))` : json;
    },
    /** Its value when a number, else null. */
    get number() {
      return codes.length ? `coalesce(${jsonNumber}, ${compact()})` : jsonNumber;
    },
    /** The cell as stored: {"v", "u"?, "k"?, "m"?}. */
    get cell() {
      if (!codes.length) return j;
      const whens = parts().map((c) => `when ${c.n} is not null then jsonb_build_object('v', ${c.n}${c.unit ? `, 'u', $${params.push(c.unit)}::text` : ''})`);
      return `coalesce(${j}, case ${whens.join(' ')} end)`;
    },
    /** Its value as jsonb (any type). */
    get value() {
      return codes.length ? `coalesce(${j}->'v', to_jsonb(${compact()}))` : `${j}->'v'`;
    },
  };
}
