import { defineModule, readMigrations, regionNameKey } from '@zhicheng/kernel';
import { createGeoService, geoServiceKey } from './geo-service.js';
import { geoRoutes } from './routes.js';
import { seedReferenceData } from './seed-reference.js';

export { geoServiceKey, type GeoService } from './geo-service.js';
export { parseBoundaryGeoJson } from './boundary-import.js';
export { levelOfCode, parentOfCode } from './division-codes.js';
export { LIANGSHAN } from './seed-reference.js';
export * from './division-schemas.js';

export default defineModule({
  name: 'geo',
  migrations: readMigrations('geo', new URL('../migrations/', import.meta.url)),
  init(ctx) {
    const geo = createGeoService(ctx.db);
    ctx.services.provide(geoServiceKey, geo);
    ctx.services.provide(regionNameKey, () => geo.regionName(ctx.config.ZC_REGION_CODE));
  },
  routes: geoRoutes,
  seed: (ctx) => seedReferenceData(ctx).then(() => undefined),
});
