import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import type { Rule, RuleDefinition } from '../../api/rules';
import { createRule, deleteRule, getRule, updateRule } from '../../api/rules';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Tabs } from '../../components/Tabs';
import { useCan } from '../../hooks/use-can';
import { useDepartments } from '../../hooks/use-departments';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { RuleForm } from './RuleForm';
import { RuleJsonEditor } from './RuleJsonEditor';
import { RulePreview } from './RulePreview';
import { RuleVersions } from './RuleVersions';
import { cleanDefinition, fieldMessageKey, newRuleDefinition, ruleFieldErrors } from './rule-draft';
import './rules.css';

type Tab = 'form' | 'json' | 'versions';

/**
 * /rules/new and /rules/:id share this module, and React keeps the instance when only the
 * address changes (after "create" it moves to the new rule's address): key it by the rule.
 */
export default function RuleEditorPage() {
  const { id } = useParams();
  return <RuleEditor key={id ?? 'new'} id={id} />;
}

/** One rule: the form per kind or the raw JSON, a live preview over recent data, and its versions. */
function RuleEditor({ id }: { id: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const can = useCan();
  const formatDateTime = useFormatDateTime();
  const departments = useDepartments();
  const canManage = can('rules:manage');

  const [rule, setRule] = useState<Rule | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<RuleDefinition>(newRuleDefinition);
  const [departmentId, setDepartmentId] = useState('');
  const [tab, setTab] = useState<Tab>('form');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [previewProblem, setPreviewProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState<number | null>((location.state as { created?: number } | null)?.created ?? null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [jsonInvalid, setJsonInvalid] = useState(false);

  useEffect(() => {
    if (!id) return;
    const controller = new AbortController();
    getRule(id, controller.signal)
      .then((loaded) => {
        setRule(loaded);
        setDraft(loaded.definition);
        setDepartmentId(loaded.departmentId ?? '');
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoadError(error);
      });
    return () => controller.abort();
  }, [id]);

  const clean = useMemo(() => cleanDefinition(draft), [draft]);
  const dirty = rule ? JSON.stringify(clean) !== JSON.stringify(cleanDefinition(rule.definition)) : true;
  const problem = isApiError(saveError) && saveError.status === 400 ? saveError : previewProblem;
  const errors = Object.fromEntries(Object.entries(ruleFieldErrors(problem)).map(([field, message]) => {
    const key = fieldMessageKey(message);
    return [field, key ? t(key) : message];
  }));
  const edit = (next: RuleDefinition) => {
    setDraft(next);
    setSaved(null);
    // The preview checks the new draft within a moment; the old save's complaint no longer applies.
    setSaveError(null);
  };

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      if (rule) {
        const next = await updateRule(rule.id, rule.version, clean);
        setRule(next);
        setDraft(next.definition);
        setSaved(next.version);
      } else {
        const created = await createRule({ departmentId: departmentId || null, definition: clean });
        navigate(`/rules/${encodeURIComponent(created.id)}`, { replace: true, state: { created: created.version } });
      }
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  if (id && !rule) {
    return (
      <div className="page rules-page" data-testid="rule-editor">
        <PageHeader title={t('pages.rule.title')} />
        {loadError ? <ProblemMessage error={loadError} /> : <p role="status">{t('common.loading')}</p>}
        <Link to="/rules">{t('rules.editor.back')}</Link>
      </div>
    );
  }

  const tabs = [
    { id: 'form', label: t('rules.editor.tabForm') },
    { id: 'json', label: t('rules.editor.tabJson') },
    ...(rule ? [{ id: 'versions', label: t('rules.editor.tabVersions', { version: rule.version }) }] : []),
  ];
  const title = rule ? rule.definition.name : t('pages.ruleNew.title');

  return (
    <div className="page rules-page" data-testid="rule-editor" data-rule-id={rule?.id} data-version={rule?.version} data-readonly={!canManage}>
      <PageHeader
        title={title}
        intro={canManage ? t('rules.editor.intro') : t('rules.editor.introReadOnly')}
        actions={
          <>
            <Link to="/rules" className="button button--ghost">{t('rules.editor.back')}</Link>
            {canManage && rule && (
              <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)} data-testid="rule-delete">
                {t('common.delete')}
              </button>
            )}
            {canManage && (
              <button type="button" className="button button--primary" onClick={() => void save()} disabled={saving || (!!rule && !dirty) || (tab === 'json' && jsonInvalid)} aria-busy={saving} data-testid="rule-save">
                {saving ? t('common.saving') : rule ? t('rules.editor.saveVersion') : t('rules.editor.create')}
              </button>
            )}
          </>
        }
      />
      <p className="rules-editor__meta muted" data-testid="rule-meta">
        {rule
          ? t('rules.editor.meta', { id: rule.id, version: rule.version, at: formatDateTime(rule.updatedAt), by: rule.updatedBy ?? t('rules.versions.system') })
          : t('rules.editor.newMeta')}
        {rule && dirty && canManage && <span className="badge badge--warning rules-badge-gap" data-testid="rule-dirty">{t('rules.editor.unsaved')}</span>}
      </p>
      {!canManage && <p className="callout callout--warning" data-testid="read-only-notice">{t('rules.editor.readOnly')}</p>}
      {saved !== null && !dirty && <p className="notice rules-notice" role="status" data-testid="save-notice">{t('rules.editor.saved', { version: saved })}</p>}
      {saveError !== null && (
        <div className="rules-save-error">
          <ProblemMessage error={saveError} testId="save-error" />
          {isApiError(saveError) && saveError.status === 400 && <p className="muted">{t('rules.editor.fixFields')}</p>}
        </div>
      )}

      {/* The versions table needs the width; the preview belongs to editing. */}
      <div className={canManage && tab !== 'versions' ? 'rules-editor' : 'rules-editor rules-editor--single'}>
        <div className="rules-editor__main">
          <Tabs label={t('rules.editor.tabsLabel')} tabs={tabs} selected={tab} onSelect={(next) => setTab(next as Tab)}>
            {tab === 'form' && (
              <fieldset className="rules-editor__fieldset" disabled={!canManage}>
                <legend className="visually-hidden">{title}</legend>
                <RuleForm definition={draft} onChange={edit} errors={errors} departments={departments.flat} departmentId={departmentId} onDepartmentChange={rule ? null : setDepartmentId} />
              </fieldset>
            )}
            {tab === 'json' && <RuleJsonEditor definition={draft} onChange={edit} onValidity={(ok) => setJsonInvalid(!ok)} problem={problem} readOnly={!canManage} />}
            {tab === 'versions' && rule && <RuleVersions ruleId={rule.id} version={rule.version} onRestore={canManage ? (definition) => { edit(definition); setTab('form'); } : null} />}
          </Tabs>
        </div>
        {canManage && tab !== 'versions' && (
          <aside className="rules-editor__side">
            <RulePreview definition={clean} onProblem={setPreviewProblem} />
          </aside>
        )}
      </div>

      {confirmDelete && rule && (
        <ConfirmDialog
          title={t('rules.editor.deleteTitle')}
          confirmLabel={t('common.delete')}
          danger
          onClose={() => setConfirmDelete(false)}
          onConfirm={async () => {
            await deleteRule(rule.id);
            navigate('/rules', { replace: true });
          }}
        >
          <p>{t('rules.editor.deleteBody', { name: rule.definition.name })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
