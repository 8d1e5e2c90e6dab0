import { describe, it, expect } from 'vitest';
import * as standards from './index.js';

describe('@zhicheng/standards entry point', () => {
  it('exports the public functions and tables', () => {
    const names = [
      'StandardsInputError', 'AQI_EDITIONS', 'HJ_633_2012', 'HJ_633_2026', 'AQI_CATEGORIES', 'aqiCategory', 'computeAqi', 'editionAt', 'iaqi',
      'GB_3838_2002', 'classifyWater', 'meetsTarget', 'GB_3096_2008', 'evaluateNoise', 'noiseLimit', 'noisePeriodAt',
      'residentIdCheckChar', 'validateResidentId', 'socialCreditCheckChar', 'validateSocialCreditCode', 'organisationCodeCheckChar',
      'divisionLevel', 'isDivisionCodeShape', 'parentDivisionCode',
      'maskAddress', 'maskEmail', 'maskField', 'maskName', 'maskPhone', 'maskResidentId',
    ];
    for (const name of names) expect(standards, name).toHaveProperty(name);
  });
});
