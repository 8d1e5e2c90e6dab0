import type { HistoryKeys } from '../temporal/history-keys.js';
import { placeCells, type HistoryRow } from '../temporal/history-writer.js';

type Cell = Record<string, unknown>;

interface Building {
  row: HistoryRow;
  /** The run (one message's values: same entity, same instant) that last wrote here. */
  run: number;
  /** Plain numbers whose code was not known when they came. */
  waiting: [string, Cell][] | null;
  /**
   * Set when a second message wrote the same instant (a repeated reading in one batch): the
   * row's cells by key, so the later value of a key replaces the earlier one; placed at the end.
   */
  cells: Record<string, Cell> | null;
}

/**
 * Builds the history rows of an observation batch: one row per (entity, instant, retention),
 * its plain numbers straight into codes and values (migration 0010), without an object per
 * data point. Call `start` for each message's values (a run sharing entity and instant), `add`
 * per value, then `finish`, which asks for the codes not known yet (outside any transaction)
 * and returns the rows.
 */
export function createHistoryRows(tenant: string, keys: HistoryKeys) {
  const rows = new Map<string, Building>();
  const unknown: [string, string][] = [];
  let run = 0;
  let b: Building | null = null;

  const toCells = (x: Building): Record<string, Cell> => {
    const cells: Record<string, Cell> = { ...(x.row.attrs as Record<string, Cell> | null) };
    x.row.nk.forEach((code, i) => {
      const { key, unit } = keys.pairOf(code)!;
      cells[key] = unit ? { v: x.row.nv[i], u: unit } : { v: x.row.nv[i] };
    });
    for (const [key, cell] of x.waiting ?? []) cells[key] = cell;
    x.row.attrs = null;
    x.row.nk = [];
    x.row.nv = [];
    x.waiting = null;
    return cells;
  };

  return {
    start(entityId: string, type: string, ts: number, ret: number, rollupRet: number): void {
      run++;
      const k = `${entityId}\u0000${ts}\u0000${ret}`;
      b = rows.get(k) ?? null;
      if (!b) rows.set(k, (b = { row: { tenant, entityId, type, ts, ret, rollupRet, attrs: null, nk: [], nv: [] }, run, waiting: null, cells: null }));
      else if (b.run !== run) {
        b.cells ??= toCells(b);
        b.run = run;
      }
    },

    add(key: string, value: unknown, unit: string | undefined): void {
      const x = b!;
      if (x.cells) {
        x.cells[key] = unit ? { v: value, u: unit } : { v: value };
        return;
      }
      if (typeof value === 'number' && Number.isFinite(value)) {
        const code = keys.code(key, unit ?? '');
        if (code !== undefined) {
          x.row.nk.push(code);
          x.row.nv.push(value);
          return;
        }
        unknown.push([key, unit ?? '']);
        (x.waiting ??= []).push([key, unit ? { v: value, u: unit } : { v: value }]);
        return;
      }
      (x.row.attrs ??= {})[key] = unit ? { v: value, u: unit } : { v: value };
    },

    async finish(): Promise<HistoryRow[]> {
      if (unknown.length) await keys.ensure(unknown);
      const left: [string, string][] = [];
      const out: HistoryRow[] = [];
      for (const x of rows.values()) {
        if (x.waiting) placeCells(x.row, Object.fromEntries(x.waiting), keys, left);
        if (x.cells) placeCells(x.row, x.cells, keys, left);
        out.push(x.row);
      }
      return out;
    },
  };
}
