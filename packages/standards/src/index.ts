/**
 * @zhicheng/standards: the national standards the platform computes, as pure functions
 * over versioned data tables. No I/O and no platform dependencies.
 */
export { StandardsInputError } from './errors.js';
export type { StandardsErrorCode } from './errors.js';

export { AQI_EDITIONS, HJ_633_2012, HJ_633_2026, IAQI_BREAKPOINTS } from './aqi-tables.js';
export type { AboveTopRule, AqiBreakpointRow, AqiEdition, AqiEditionId, AqiRowId } from './aqi-tables.js';
export { AQI_CATEGORIES, aqiCategory } from './aqi-categories.js';
export type { AqiCategory, AqiCategoryKey, AqiLevel } from './aqi-categories.js';
export { AQI_POLLUTANT_KEYS, computeAqi, editionAt, iaqi } from './aqi.js';
export type { AqiInput, AqiOptions, AqiPollutantKey, AqiResult } from './aqi.js';

export { GB_3838_2002, WATER_CLASSES, classifyWater, meetsTarget } from './water-quality.js';
export type {
  WaterClass,
  WaterClassInfo,
  WaterClassNumber,
  WaterInput,
  WaterLimitRow,
  WaterParameter,
  WaterParameterResult,
  WaterResult,
  WaterStandard,
  Waterbody,
} from './water-quality.js';

export { GB_3096_2008, evaluateNoise, noiseLimit, noisePeriodAt } from './noise.js';
export type { NoiseEvaluation, NoisePeriod, NoiseReading, NoiseZone, NoiseZoneLimits } from './noise.js';

export { residentIdCheckChar, validateResidentId } from './resident-id.js';
export type { ResidentIdInvalidReason, ResidentIdResult } from './resident-id.js';
export {
  SOCIAL_CREDIT_ALPHABET,
  organisationCodeCheckChar,
  socialCreditCheckChar,
  validateSocialCreditCode,
} from './social-credit-code.js';
export type { SocialCreditInvalidReason, SocialCreditResult } from './social-credit-code.js';
export { divisionLevel, isDivisionCodeShape, parentDivisionCode } from './division-code.js';
export type { DivisionLevel } from './division-code.js';

export { maskAddress, maskEmail, maskField, maskName, maskPhone, maskResidentId } from './masking.js';
export type { MaskKind } from './masking.js';

export { shanghaiDate, shanghaiParts } from './shanghai-time.js';
export type { ShanghaiParts } from './shanghai-time.js';
