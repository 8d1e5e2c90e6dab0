import { describeWithPlatform } from '@zhicheng/kernel/testing';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { TermResolver } from '../src/context/term-map.js';
import broker from '../src/index.js';
import type { Instance } from '../src/model/types.js';
import { queryEntities } from '../src/query/entity-query.js';
import { compileQ } from '../src/query/q-eval.js';
import { parseQ } from '../src/query/q-parser.js';

// The q language is evaluated twice: as SQL for GET /entities (q-to-sql.ts, where number
// comparisons of a top-level attribute are SQL/JSON path predicates) and in process for
// subscriptions (q-eval.ts). Both must select the same entities for every shape an attribute
// can have; fast-check draws the expressions.

const VOCAB = 'https://example.org/q/';
const resolver: TermResolver = {
  context: null, linkUrl: null,
  expand: (t) => (t.includes(':') ? t : `${VOCAB}${t}`),
  compact: (iri) => (iri.startsWith(VOCAB) ? iri.slice(VOCAB.length) : iri),
};

/** Every way an attribute may hold (or not hold) something a number comparison looks at. */
const SHAPES: (Instance | null)[] = [
  null,
  { type: 'Property', value: 5 },
  { type: 'Property', value: -2.5 },
  { type: 'Property', value: 40 },
  { type: 'Property', value: 1e6 },
  { type: 'Property', value: '7' },
  { type: 'Property', value: true },
  { type: 'Property', value: [5, 50] },
  { type: 'Property', value: { '@value': 12, '@type': 'http://www.w3.org/2001/XMLSchema#integer' } },
  { type: 'Property', value: { '@value': '12' } },
  { type: 'Property', value: { reading: 30 } },
  { type: 'Relationship', object: 'urn:ngsi-ld:Thing:1' },
  { type: 'JsonProperty', json: 25 },
  { type: 'JsonProperty', json: { n: 25 } },
  { type: 'VocabProperty', vocab: 'high' },
  { type: 'LanguageProperty', languageMap: { zh: '高', en: 'high' } },
] as (Instance | null)[];

const ENTITIES = SHAPES.flatMap((a, i) => SHAPES.map((b, j) => {
  const attrs: Record<string, Instance> = {};
  if (a) attrs[`${VOCAB}a`] = a;
  if (b) attrs[`${VOCAB}b`] = b;
  return { id: `urn:ngsi-ld:QShape:${String(i).padStart(2, '0')}-${String(j).padStart(2, '0')}`, attrs };
}));

const num = fc.oneof(fc.constantFrom(-3, 0, 5, 7, 12, 24.5, 25, 40, 1e6), fc.integer({ min: -10, max: 60 }), fc.double({ min: -100, max: 100, noNaN: true }).map((x) => Math.round(x * 100) / 100));
const text = (x: number) => String(x);
const attr = fc.constantFrom('a', 'b');
const comparison = fc.oneof(
  fc.tuple(attr, fc.constantFrom('<', '>', '<=', '>='), num).map(([a, op, v]) => `${a}${op}${text(v)}`),
  fc.tuple(attr, num, num).map(([a, lo, hi]) => `${a}==${text(Math.min(lo, hi))}..${text(Math.max(lo, hi))}`),
  fc.tuple(attr, num, num).map(([a, lo, hi]) => `${a}!=${text(Math.min(lo, hi))}..${text(Math.max(lo, hi))}`),
  fc.tuple(attr, num).map(([a, v]) => `${a}==${text(v)}`),
  fc.tuple(attr, fc.constantFrom('<', '>'), fc.constantFrom('"5"', '"high"', '"urn:ngsi-ld:Thing:2"')).map(([a, op, v]) => `${a}${op}${v}`),
);
const expression = fc.oneof(
  comparison,
  fc.tuple(comparison, comparison).map(([x, y]) => `${x};${y}`),
  fc.tuple(comparison, comparison, comparison).map(([x, y, z]) => `(${x}|${y});${z}`),
);

describeWithPlatform('q: SQL and in-process evaluation agree', { modules: [broker] }, (t) => {
  const TENANT = 'q-agree';
  beforeAll(async () => {
    await t.platform().ctx.db.query(
      `insert into ngsi.entities (tenant, id, types, attrs)
       select $1, x.id, array[$2::text], x.attrs from jsonb_to_recordset($3::jsonb) as x(id text, attrs jsonb)`,
      [TENANT, `${VOCAB}QShape`, JSON.stringify(ENTITIES)],
    );
  });

  it('selects the same entities for drawn number and string comparisons, ranges and combinations', async () => {
    const db = t.platform().ctx.db;
    await fc.assert(fc.asyncProperty(expression, async (q) => {
      const node = parseQ(q);
      const found = await queryEntities(db, TENANT, { q: node, limit: 1000, offset: 0, count: false }, resolver, { sql: 'true', params: [] });
      const test = compileQ(node, resolver);
      const expected = ENTITIES.filter((e) => test({ attrs: e.attrs, datasets: null } as never)).map((e) => e.id);
      expect(found.entities.map((e) => e.id), q).toEqual(expected);
    }), { numRuns: 150 });
  });
});
