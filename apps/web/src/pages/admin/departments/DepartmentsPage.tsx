import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAllDepartments, setDepartmentEnabled } from '../../../api/departments';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageHeader } from '../../../components/PageHeader';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { useApi } from '../../../hooks/use-api';
import { useCan } from '../../../hooks/use-can';
import '../admin.css';
import { buildTree } from './build-tree';
import { DepartmentFormDialog } from './DepartmentFormDialog';
import { DepartmentTreeView } from './DepartmentTreeView';
import type { DepartmentAction } from './DepartmentTreeView';

/** `/admin/departments`: the org tree (州 → counties → bureaus), disabled departments included. */
export default function DepartmentsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const all = useApi((signal) => fetchAllDepartments(signal), 'departments');
  const tree = useMemo(() => buildTree(all.data ?? []), [all.data]);
  const [expanded, setExpanded] = useState<Set<string> | null>(null);
  const [action, setAction] = useState<DepartmentAction | null>(null);

  // Until the user toggles anything: the top level open, so the counties show.
  const open = expanded ?? new Set(tree.map((node) => node.id));
  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setExpanded(next);
  };
  const expandAll = () => setExpanded(new Set((all.data ?? []).map((d) => d.id)));
  const close = () => setAction(null);
  const saved = (node: { parentId: string | null }) => {
    if (node.parentId) setExpanded(new Set([...open, node.parentId]));
    all.reload();
    close();
  };

  return (
    <div className="page admin-page" data-testid="departments-page">
      <PageHeader
        title={t('pages.departments.title')}
        intro={t('departments.intro')}
        actions={
          <>
            <button type="button" className="button button--ghost" onClick={expandAll}>
              {t('departments.expandAll')}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setExpanded(new Set())}>
              {t('departments.collapseAll')}
            </button>
          </>
        }
      />
      {all.error !== null && <ProblemMessage error={all.error} />}
      {all.loading && !all.data ? (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      ) : (
        <DepartmentTreeView nodes={tree} expanded={open} onToggle={toggle} onAction={setAction} canManage={can('departments:manage')} />
      )}
      {action && (action.kind === 'create' || action.kind === 'edit') && (
        <DepartmentFormDialog
          parent={action.kind === 'create' ? action.node : null}
          department={action.kind === 'edit' ? action.node : null}
          onClose={close}
          onSaved={saved}
        />
      )}
      {action && (action.kind === 'disable' || action.kind === 'enable') && (
        <ConfirmDialog
          title={t(action.kind === 'disable' ? 'departments.disableTitle' : 'departments.enableTitle')}
          confirmLabel={t(action.kind === 'disable' ? 'departments.disable' : 'departments.enable')}
          danger={action.kind === 'disable'}
          onClose={close}
          onConfirm={async () => saved(await setDepartmentEnabled(action.node.id, action.kind === 'enable'))}
        >
          <p>{t(action.kind === 'disable' ? 'departments.disableBody' : 'departments.enableBody', { name: action.node.name })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
