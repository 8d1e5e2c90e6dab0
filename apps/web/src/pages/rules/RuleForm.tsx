import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleDefinition } from '../../api/rules';
import { RULE_KINDS, RULE_SEVERITIES } from '../../api/rules';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { DivisionSelect } from '../../components/DivisionSelect';
import { Field } from '../../components/Field';
import { useCounties } from '../../hooks/use-counties';
import type { FlatDepartment } from '../../hooks/use-departments';
import { ConditionFields } from './ConditionFields';
import { ListInput } from './ListInput';
import { ScheduleFields } from './ScheduleFields';
import { changeKind, isKnownKind } from './rule-draft';
import { useEntityTypes } from './use-entity-types';

interface Props {
  definition: RuleDefinition;
  onChange: (definition: RuleDefinition) => void;
  errors: Record<string, string>;
  departments: readonly FlatDepartment[];
  departmentId: string;
  /** The owning department is chosen at creation; an existing rule keeps its own. */
  onDepartmentChange: ((id: string) => void) | null;
}

/** The rule document as a form: what, when it fires (per kind), where, when it applies, what it says. */
export function RuleForm({ definition, onChange, errors, departments, departmentId, onDepartmentChange }: Props) {
  const { t } = useTranslation();
  const counties = useCounties();
  const ids = useId();
  const types = useEntityTypes(definition.entityType);
  const set = <K extends keyof RuleDefinition>(key: K, value: RuleDefinition[K]) => onChange({ ...definition, [key]: value });
  const kind = definition.condition.kind;
  const message = definition.message ?? { zh: '', en: '' };

  return (
    <div className="rules-form" data-testid="rule-form">
      <datalist id={`${ids}-types`}>
        {types.types.map((type) => <option key={type} value={type} />)}
      </datalist>
      <datalist id={`${ids}-attrs`}>
        {types.attributes.map((attr) => <option key={attr} value={attr} />)}
      </datalist>

      <fieldset className="rules-form__section form-grid">
        <legend>{t('rules.form.basics')}</legend>
        <Field label={t('rules.form.name')} error={errors.name} required className="form-grid__wide">
          <input type="text" name="name" value={definition.name} maxLength={200} onChange={(e) => set('name', e.target.value)} data-testid="rule-name" />
        </Field>
        <Field label={t('rules.form.severity')} error={errors.severity}>
          <select name="severity" value={definition.severity} onChange={(e) => set('severity', e.target.value as RuleDefinition['severity'])} data-testid="rule-severity">
            {RULE_SEVERITIES.map((s) => <option key={s} value={s}>{t(`rules.severity.${s}`)}</option>)}
          </select>
        </Field>
        <label className="checkbox rules-form__check">
          <input type="checkbox" name="enabled" checked={definition.enabled} onChange={(e) => set('enabled', e.target.checked)} data-testid="rule-enabled" />
          <span>{t('rules.form.enabled')}</span>
        </label>
        <Field label={t('rules.form.description')} error={errors.description} className="form-grid__wide">
          <textarea name="description" rows={2} value={definition.description ?? ''} maxLength={2000} onChange={(e) => set('description', e.target.value)} />
        </Field>
      </fieldset>

      <fieldset className="rules-form__section form-grid">
        <legend>{t('rules.form.condition')}</legend>
        <Field label={t('rules.form.kind')} error={errors['condition.kind'] ?? errors.condition} hint={isKnownKind(kind) ? t(`rules.kindHints.${kind}`) : undefined} className="form-grid__wide">
          <select name="kind" value={kind} onChange={(e) => isKnownKind(e.target.value) && onChange(changeKind(definition, e.target.value))} data-testid="rule-kind">
            {!isKnownKind(kind) && <option value={kind}>{kind}</option>}
            {RULE_KINDS.map((k) => <option key={k} value={k}>{t(`rules.kinds.${k}`)}</option>)}
          </select>
        </Field>
        <Field label={t('rules.form.entityType')} error={errors.entityType} hint={t('rules.form.entityTypeHint')} required className="form-grid__wide">
          <input type="text" name="entityType" value={definition.entityType} list={`${ids}-types`} onChange={(e) => set('entityType', e.target.value)} data-testid="rule-entity-type" />
        </Field>
        <ConditionFields condition={definition.condition} onChange={(condition) => set('condition', condition)} errors={errors} attributesListId={`${ids}-attrs`} />
      </fieldset>

      <fieldset className="rules-form__section form-grid">
        <legend>{t('rules.form.where')}</legend>
        <Field label={t('rules.form.scope')} error={errors.divisionCode} hint={t('rules.form.scopeHint')}>
          <DivisionSelect region={counties.region} counties={counties.counties} value={definition.divisionCode ?? ''} emptyLabel={t('rules.form.wholeRegion')} onChange={(code) => set('divisionCode', code || undefined)} testId="rule-division" />
        </Field>
        <Field label={t('rules.form.department')} error={errors.departmentId} hint={onDepartmentChange ? t('rules.form.departmentHint') : t('rules.form.departmentFixed')}>
          {onDepartmentChange ? (
            <DepartmentSelect departments={departments} value={departmentId} emptyLabel={t('rules.form.noDepartment')} onChange={onDepartmentChange} testId="rule-department" />
          ) : (
            <input type="text" readOnly value={departments.find((d) => d.node.id === departmentId)?.node.name ?? (departmentId || t('rules.form.noDepartment'))} title={departmentId} data-testid="rule-department" />
          )}
        </Field>
        <Field label={t('rules.form.entityIds')} error={errors.entityIds} hint={t('rules.form.entityIdsHint')} className="form-grid__wide">
          <ListInput name="entityIds" value={definition.entityIds} onChange={(v) => set('entityIds', v)} />
        </Field>
      </fieldset>

      <ScheduleFields schedule={definition.schedule} onChange={(schedule) => set('schedule', schedule)} error={errors.schedule ?? null} />

      <fieldset className="rules-form__section form-grid">
        <legend>{t('rules.form.message')}</legend>
        <Field label={t('rules.form.messageZh')} error={errors['message.zh'] ?? errors.message}>
          <input type="text" name="message.zh" value={message.zh} maxLength={500} onChange={(e) => set('message', { ...message, zh: e.target.value })} />
        </Field>
        <Field label={t('rules.form.messageEn')} error={errors['message.en']}>
          <input type="text" name="message.en" value={message.en} maxLength={500} onChange={(e) => set('message', { ...message, en: e.target.value })} />
        </Field>
      </fieldset>
    </div>
  );
}
