import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleCondition } from '../../api/rules';
import { COMPARISON_OPS } from '../../api/rules';
import { Field } from '../../components/Field';
import { ListInput } from './ListInput';
import { NumberInput } from './NumberInput';

export const OP_KEYS: Record<string, string> = { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' };

interface Props {
  condition: RuleCondition;
  onChange: (condition: RuleCondition) => void;
  errors: Record<string, string>;
  /** Attribute names of the entity type, offered in a list. */
  attributesListId: string;
}

/** The fields of the condition's kind; kinds the form does not know are edited in the JSON tab. */
export function ConditionFields({ condition, onChange, errors, attributesListId }: Props) {
  const { t } = useTranslation();
  const set = (key: string, value: unknown) => onChange({ ...condition, [key]: value });
  const err = (key: string) => errors[`condition.${key}`] ?? null;
  const str = (key: string) => (typeof condition[key] === 'string' ? (condition[key] as string) : '');

  const attribute = (key = 'attribute', label = t('rules.condition.attribute'), hint?: string) => (
    <Field label={label} error={err(key)} hint={hint}>
      <input type="text" name={`condition.${key}`} value={str(key)} list={attributesListId} onChange={(e) => set(key, e.target.value === '' ? undefined : e.target.value)} data-testid={`condition-${key}`} />
    </Field>
  );
  const number = (key: string, label: string, hint?: string, step = 'any') => (
    <Field label={label} error={err(key)} hint={hint}>
      <NumberInput name={`condition.${key}`} value={condition[key]} step={step} onChange={(v) => set(key, v)} data-testid={`condition-${key}`} />
    </Field>
  );
  const op = () => (
    <Field label={t('rules.condition.op')} error={err('op')}>
      <select name="condition.op" value={str('op')} onChange={(e) => set('op', e.target.value)} data-testid="condition-op">
        {COMPARISON_OPS.map((o) => (
          <option key={o} value={o}>{`${o}  ${t(`rules.ops.${OP_KEYS[o] ?? 'gt'}`)}`}</option>
        ))}
      </select>
    </Field>
  );
  const choice = (key: string, label: string, options: readonly string[], labelKey: string) => (
    <Field label={label} error={err(key)}>
      <select name={`condition.${key}`} value={String(condition[key] ?? '')} onChange={(e) => set(key, /^\d+$/.test(e.target.value) ? Number(e.target.value) : e.target.value)} data-testid={`condition-${key}`}>
        {options.map((o) => (
          <option key={o} value={o}>{t(`${labelKey}.${o}`)}</option>
        ))}
      </select>
    </Field>
  );
  const check = (key: string, label: string, fallback: boolean) => (
    <label className="checkbox rules-form__check">
      <input type="checkbox" checked={typeof condition[key] === 'boolean' ? (condition[key] as boolean) : fallback} onChange={(e) => set(key, e.target.checked)} data-testid={`condition-${key}`} />
      <span>{label}</span>
    </label>
  );
  const seconds = (key: string, label: string, hint: string) => number(key, label, hint, '1');

  switch (condition.kind) {
    case 'threshold': {
      const useExpression = typeof condition.expression === 'string';
      return (
        <>
          <label className="checkbox rules-form__check form-grid__wide">
            <input type="checkbox" checked={useExpression} onChange={(e) => onChange(e.target.checked ? { ...condition, attribute: undefined, expression: '' } : { ...condition, expression: undefined, attribute: '' })} data-testid="condition-use-expression" />
            <span>{t('rules.condition.useExpression')}</span>
          </label>
          {useExpression ? (
            <Field label={t('rules.condition.expression')} error={err('expression') ?? err('attribute')} hint={t('rules.condition.valueExpressionHint')} className="form-grid__wide">
              <input type="text" className="mono" name="condition.expression" value={str('expression')} onChange={(e) => set('expression', e.target.value)} data-testid="condition-expression" />
            </Field>
          ) : (
            attribute()
          )}
          {op()}
          {number('value', t('rules.condition.value'))}
          {number('hysteresis', t('rules.condition.hysteresis'), t('rules.condition.hysteresisHint'))}
          {seconds('forSeconds', t('rules.condition.forSeconds'), t('rules.condition.forSecondsHint'))}
          {seconds('maxGapSeconds', t('rules.condition.maxGapSeconds'), t('rules.condition.maxGapHint'))}
        </>
      );
    }
    case 'rate':
      return (
        <>
          {attribute()}
          {seconds('windowSeconds', t('rules.condition.windowSeconds'), t('rules.condition.windowHint'))}
          {op()}
          {number('value', t('rules.condition.change'), t('rules.condition.changeHint'))}
        </>
      );
    case 'noData':
      return (
        <>
          {attribute('attribute', t('rules.condition.attributeOptional'), t('rules.condition.noDataAttributeHint'))}
          {seconds('timeoutSeconds', t('rules.condition.timeoutSeconds'), t('rules.condition.timeoutHint'))}
          {check('deviceEvents', t('rules.condition.deviceEvents'), true)}
        </>
      );
    case 'geofence':
      return (
        <>
          {choice('mode', t('rules.condition.mode'), ['inside', 'outside'], 'rules.condition.modes')}
          <AreaField value={condition.area} onChange={(area) => set('area', area)} error={err('area')} />
        </>
      );
    case 'composite':
      return (
        <>
          {attribute()}
          {op()}
          {number('value', t('rules.condition.value'))}
          {choice('groupBy', t('rules.condition.groupBy'), ['county', 'township'], 'rules.condition.groups')}
          {number('minCount', t('rules.condition.minCount'), t('rules.condition.minCountHint'), '1')}
        </>
      );
    case 'expression':
      return (
        <>
          <Field label={t('rules.condition.expression')} error={err('expression')} hint={t('rules.condition.expressionHint')} className="form-grid__wide">
            <textarea className="mono" rows={3} name="condition.expression" value={str('expression')} onChange={(e) => set('expression', e.target.value)} data-testid="condition-expression" />
          </Field>
          <Field label={t('rules.condition.watched')} error={err('attributes')} hint={t('rules.condition.watchedHint')}>
            <ListInput name="condition.attributes" value={Array.isArray(condition.attributes) ? (condition.attributes as string[]) : []} onChange={(v) => set('attributes', v)} data-testid="condition-attributes" />
          </Field>
          {seconds('forSeconds', t('rules.condition.forSeconds'), t('rules.condition.forSecondsHint'))}
        </>
      );
    case 'aqiCategory':
      return (
        <>
          {choice('minLevel', t('rules.condition.minLevel'), ['2', '3', '4', '5', '6'], 'rules.condition.aqiLevels')}
          {choice('period', t('rules.condition.period'), ['hour', 'day'], 'rules.condition.periods')}
          {seconds('forSeconds', t('rules.condition.forSeconds'), t('rules.condition.forSecondsHint'))}
        </>
      );
    case 'waterTarget':
      return <>{choice('waterbody', t('rules.condition.waterbody'), ['river', 'lake'], 'rules.condition.waterbodies')}<p className="muted rules-form__note form-grid__wide">{t('rules.condition.waterTargetHint')}</p></>;
    case 'noiseLimit':
      return (
        <>
          {attribute('attribute', t('rules.condition.leqAttribute'))}
          {attribute('maxAttribute', t('rules.condition.maxAttribute'))}
          {check('suddenNoise', t('rules.condition.suddenNoise'), true)}
        </>
      );
    default:
      return <p className="callout callout--warning form-grid__wide" data-testid="unknown-kind">{t('rules.condition.unknownKind', { kind: condition.kind })}</p>;
  }
}

/** A GeoJSON polygon as text: applied when it parses, the parse error shown while it does not. */
function AreaField({ value, onChange, error }: { value: unknown; onChange: (area: unknown) => void; error: string | null }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 1));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    let current: unknown;
    try {
      current = JSON.parse(text);
    } catch {
      return;
    }
    if (JSON.stringify(current) !== JSON.stringify(value)) setText(JSON.stringify(value ?? null, null, 1));
    // Follow outside changes only.
  }, [JSON.stringify(value)]);
  return (
    <Field label={t('rules.condition.area')} error={invalid ? t('rules.json.syntax') : error} hint={t('rules.condition.areaHint')} className="form-grid__wide">
      <textarea
        className="mono"
        rows={5}
        name="condition.area"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(JSON.parse(e.target.value));
            setInvalid(false);
          } catch {
            setInvalid(true);
          }
        }}
      />
    </Field>
  );
}
