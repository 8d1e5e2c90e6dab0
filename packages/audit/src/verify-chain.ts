import type { Queryable } from '@zhicheng/kernel';
import { createAuditRepository } from './audit-repository.js';
import type { VerifyResult } from './audit-schemas.js';
import { chainHash, GENESIS_HASH } from './canonical.js';

const PAGE = 2000;

/**
 * Walks the whole chain from the last pruning anchor (or the genesis hash) and names the
 * first row that does not fit: a changed row fails its own hash, a deleted one leaves a
 * gap in the sequence, an inserted one fails its predecessor link or its hash.
 *
 * What a chain cannot show by itself: rows removed from the very end. `headSeq`/`headHash`
 * are printed so an operator can keep them elsewhere and compare later.
 */
export async function verifyChain(db: Queryable): Promise<VerifyResult> {
  const repo = createAuditRepository(db);
  const anchor = await repo.latestAnchor();
  let expectedSeq = (anchor?.throughSeq ?? 0) + 1;
  let prevHash = anchor?.lastHash ?? GENESIS_HASH;
  let checked = 0;
  let after = anchor ? anchor.throughSeq : 0;
  // Rows at or below the anchor should have been pruned with it: one there was put back.
  const stale = anchor ? await db.query<{ seq: number }>('select seq from audit.records where seq <= $1 order by seq limit 1', [anchor.throughSeq]) : [];
  if (stale[0]) return { ok: false, checked, headSeq: null, headHash: null, firstBad: { seq: Number(stale[0].seq), reason: `record ${stale[0].seq} lies before the pruning anchor at ${anchor!.throughSeq} (inserted)` } };
  for (;;) {
    const rows = await repo.page(after, PAGE);
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return bad(checked, r.seq, `record ${r.seq} follows ${expectedSeq - 1}: the records between are missing (deleted)`);
      }
      if (r.prevHash !== prevHash) {
        return bad(checked, r.seq, `record ${r.seq} does not link to the record before it (a record was changed, removed or inserted before it)`);
      }
      if (chainHash(prevHash, r) !== r.hash) {
        return bad(checked, r.seq, `record ${r.seq} was changed after it was written (its content does not match its hash)`);
      }
      prevHash = r.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.seq;
  }
  return { ok: true, checked, headSeq: checked || anchor ? expectedSeq - 1 : null, headHash: checked || anchor ? prevHash : null, firstBad: null };
}

const bad = (checked: number, seq: number, reason: string): VerifyResult => ({ ok: false, checked, headSeq: null, headHash: null, firstBad: { seq, reason } });
