import type { DivisionLevel } from './division-schemas.js';

export interface DivisionRecord {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
}

const LEVELS = new Set(['province', 'prefecture', 'county', 'township', 'village']);

/** Parses `code,name,level,parent_code` (UTF-8, header row); names never contain commas. */
export function parseDivisionsCsv(text: string): DivisionRecord[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (header?.trim() !== 'code,name,level,parent_code') throw new Error('divisions CSV must start with the header code,name,level,parent_code');
  return lines.map((line, i) => {
    const [code, name, level, parent] = line.split(',').map((c) => c.trim());
    if (!code || !/^\d{6}(\d{3}(\d{3})?)?$/.test(code) || !name || !level || !LEVELS.has(level)) {
      throw new Error(`divisions CSV line ${i + 2} is invalid: ${line}`);
    }
    return { code, name, level: level as DivisionLevel, parentCode: parent || null };
  });
}

/** Path from the topmost loaded ancestor down to each division (for subtree filters). */
export function pathsOf(records: { code: string; parentCode: string | null }[], known: Map<string, string[]> = new Map()): Map<string, string[]> {
  const byCode = new Map(records.map((r) => [r.code, r]));
  const out = new Map(known);
  const resolve = (code: string, depth = 0): string[] => {
    const hit = out.get(code);
    if (hit) return hit;
    if (depth > 10) throw new Error(`division ${code} has a cycle in its parents`);
    const rec = byCode.get(code);
    const parent = rec?.parentCode;
    const path = parent && (byCode.has(parent) || out.has(parent)) ? [...resolve(parent, depth + 1), code] : [code];
    out.set(code, path);
    return path;
  };
  for (const r of records) resolve(r.code);
  return out;
}
