import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** The rule engine's fixed reasons (packages/rules/src/engine.ts); a condition's own detail is shown as it comes. */
const REASONS: Record<string, string> = {
  'condition met': 'conditionMet',
  'condition no longer met': 'conditionNoLongerMet',
  'still active': 'stillActive',
  'device offline': 'deviceOffline',
  'device online': 'deviceOnline',
  'rule disabled': 'ruleDisabled',
};

export function useReasonLabel(): (reason: string) => string {
  const { t } = useTranslation();
  return useCallback((reason: string) => {
    const key = REASONS[reason];
    return key ? t(`alarms.reasons.${key}`) : reason;
  }, [t]);
}
