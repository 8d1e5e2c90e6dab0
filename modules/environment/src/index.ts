import { defineModule } from '@zhicheng/kernel';
import { indicatorProvidersKey } from '@zhicheng/indicators';
import { rulesServiceKey } from '@zhicheng/rules';
import { goodAirDaysProvider, waterTargetProvider } from './environment-indicators.js';
import { calculatorRoutes } from './calculator-routes.js';
import { STANDARD_KINDS } from './standard-kinds.js';

export { STANDARD_KINDS, aqiCategoryKind, waterTargetKind, noiseLimitKind } from './standard-kinds.js';
export * from './calculator-schemas.js';

/** The environment solution pack: AQI and water-class calculators, standard-classifier rule kinds, air and water indicators. */
export default defineModule({
  name: 'environment',
  init(ctx) {
    const rules = ctx.services.find(rulesServiceKey);
    if (rules) for (const k of STANDARD_KINDS) rules.registerKind(k);
    const indicators = ctx.services.find(indicatorProvidersKey);
    if (indicators) for (const p of [goodAirDaysProvider(ctx.services), waterTargetProvider(ctx.services)]) indicators.register(p);
  },
  routes: (app) => calculatorRoutes(app),
});
