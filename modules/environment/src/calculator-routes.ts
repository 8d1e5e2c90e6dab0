import { AppError, badRequest, type HttpApp } from '@zhicheng/kernel';
import { GB_3838_2002, StandardsInputError, classifyWater, computeAqi, type StandardsErrorCode } from '@zhicheng/standards';
import { AqiQuery, AqiResponse, WaterQuery, WaterResponse } from './calculator-schemas.js';

const CODES: Record<StandardsErrorCode, string> = {
  ERR_STANDARDS_NO_POLLUTANT: 'ERR_ENV_NO_POLLUTANT',
  ERR_STANDARDS_NO_PARAMETER: 'ERR_ENV_NO_PARAMETER',
  ERR_STANDARDS_INVALID_VALUE: 'ERR_ENV_INVALID_VALUE',
  ERR_STANDARDS_FALLBACK_REQUIRED: 'ERR_ENV_FALLBACK_REQUIRED',
};

/** The standards package refuses bad input with its own codes; the API answers 400 with ours. */
function standardsCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StandardsInputError) throw badRequest(CODES[err.code], err.message);
    throw err;
  }
}

/** AQI (HJ 633, by the edition in force at the observation time) and water class (GB 3838) for integrators and the console. */
export function calculatorRoutes(app: HttpApp) {
  const tags = ['environment'];
  app.get('/api/v1/environment/aqi', {
    schema: { tags, summary: 'AQI, category and primary pollutants of a set of concentrations (HJ 633)', querystring: AqiQuery, response: { 200: AqiResponse } },
  }, async (req) => {
    const { period, at, ...input } = req.query;
    const when = at ? new Date(at) : new Date();
    if (Number.isNaN(when.getTime())) throw new AppError(400, 'ERR_ENV_INVALID_VALUE', 'at must be an ISO date-time.');
    const r = standardsCall(() => computeAqi(input, { period, at: when }));
    return { aqi: r.aqi, level: r.level, category: r.category, categoryKey: r.categoryKey, color: { hex: r.color.hex, rgb: r.color.rgb }, primaryPollutants: r.primaryPollutants, exceedingPollutants: r.exceedingPollutants, iaqi: r.iaqi, basis: r.basis, edition: r.edition };
  });

  app.get('/api/v1/environment/water-class', {
    schema: { tags, summary: 'Surface-water class of a sample by the single-factor method (GB 3838-2002)', querystring: WaterQuery, response: { 200: WaterResponse } },
  }, async (req) => {
    const { waterbody, ...input } = req.query;
    const r = standardsCall(() => classifyWater(input, { waterbody }));
    return { ...r, standard: GB_3838_2002.id };
  });
}
