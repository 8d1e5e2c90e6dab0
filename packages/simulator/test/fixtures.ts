import { readFileSync } from 'node:fs';
import { countyShapesFrom } from '../src/county-shapes.js';

/** The demo prefecture's county boundaries, as the geo package ships them. */
export const liangshanCounties = () =>
  countyShapesFrom(JSON.parse(readFileSync(new URL('../../geo/data/liangshan/counties.geojson', import.meta.url), 'utf8')) as Parameters<typeof countyShapesFrom>[0]);
