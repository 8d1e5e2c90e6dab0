import { createHash } from 'node:crypto';

/** The hash a chain starts from when nothing was ever pruned. */
export const GENESIS_HASH = '0'.repeat(64);

/** Version of the canonical form; part of every hashed row so the form can evolve. */
const FORM = 1;

export type ActorKind = 'user' | 'apiKey' | 'device' | 'system' | 'anonymous';
export type Outcome = 'success' | 'failure' | 'denied';

/** One audit record as stored (without its hash). */
export interface ChainedRow {
  seq: number;
  at: Date;
  actorKind: ActorKind;
  actorId: string | null;
  actorName: string | null;
  departmentId: string | null;
  sourceIp: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: Outcome;
  requestId: string | null;
  /** Canonical JSON text (see `canonicalJson`). */
  detail: string;
}

/**
 * JSON with object keys sorted at every level, so the same detail always hashes the same
 * whatever order the caller built it in. Non-finite numbers and undefined are dropped the
 * way JSON drops them; the text is stored as is and never re-serialised.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * The exact text that is hashed for a row: a JSON array in a fixed field order. An array
 * (not an object) so no field can be confused with another, and every field is present.
 */
export function canonicalRow(r: ChainedRow): string {
  return JSON.stringify([
    FORM, r.seq, r.at.toISOString(), r.actorKind, r.actorId, r.actorName, r.departmentId, r.sourceIp,
    r.action, r.objectType, r.objectId, r.outcome, r.requestId, r.detail,
  ]);
}

/** sha256(previous hash ‖ "\n" ‖ canonical row), lower-case hex. */
export function chainHash(prevHash: string, r: ChainedRow): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalRow(r)).digest('hex');
}
