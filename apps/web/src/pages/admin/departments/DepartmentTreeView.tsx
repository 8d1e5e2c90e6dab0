import { useTranslation } from 'react-i18next';
import type { DepartmentNode } from '../../../api/admin-types';
import { Badge } from '../../../components/Badge';
import { Icon } from '../../../components/Icon';

export type DepartmentAction =
  | { kind: 'create'; node: DepartmentNode }
  | { kind: 'edit' | 'disable' | 'enable'; node: DepartmentNode };

interface Props {
  nodes: DepartmentNode[];
  expanded: Set<string>;
  onToggle: (id: string) => void;
  onAction: (action: DepartmentAction) => void;
  canManage: boolean;
}

/** Nested lists with disclosure buttons: each level is a list, each branch says if it is open. */
export function DepartmentTreeView(props: Props) {
  const { t } = useTranslation();
  return (
    <ul className="dept-tree" aria-label={t('departments.treeLabel')} data-testid="department-tree">
      {props.nodes.map((node) => (
        <DepartmentItem key={node.id} node={node} depth={0} {...props} />
      ))}
    </ul>
  );
}

function DepartmentItem({ node, depth, ...props }: Props & { node: DepartmentNode; depth: number }) {
  const { t } = useTranslation();
  const { expanded, onToggle, onAction, canManage } = props;
  const open = expanded.has(node.id);
  const hasChildren = node.children.length > 0;
  const groupId = `dept-children-${node.id}`;
  return (
    <li className="dept-tree__item" data-department={node.id} data-name={node.name}>
      <div className={node.disabled ? 'dept-tree__row dept-tree__row--disabled' : 'dept-tree__row'} style={{ paddingLeft: `${depth * 1.5 + 0.25}rem` }}>
        {hasChildren ? (
          <button
            type="button"
            className="dept-tree__toggle"
            aria-expanded={open}
            aria-controls={groupId}
            aria-label={t(open ? 'departments.collapse' : 'departments.expand', { name: node.name })}
            onClick={() => onToggle(node.id)}
          >
            <Icon name={open ? 'chevronDown' : 'chevronRight'} size={16} />
          </button>
        ) : (
          <span className="dept-tree__spacer" aria-hidden="true" />
        )}
        <span className="dept-tree__name">{node.name}</span>
        <span className="dept-tree__meta">
          {t(`departments.kinds.${node.kind}`)} · <span className="mono">{node.divisionCode}</span>
          {hasChildren && ` · ${t('departments.childCount', { count: node.children.length })}`}
        </span>
        {node.disabled && <Badge tone="neutral">{t('departments.disabled')}</Badge>}
        {canManage && (
          <span className="row-actions dept-tree__actions">
            {!node.disabled && (
              <button type="button" className="link-button" data-testid="department-add-child" aria-label={t('departments.addChildOf', { name: node.name })} onClick={() => onAction({ kind: 'create', node })}>
                {t('departments.addChild')}
              </button>
            )}
            <button type="button" className="link-button" aria-label={t('departments.editOf', { name: node.name })} onClick={() => onAction({ kind: 'edit', node })}>
              {t('common.edit')}
            </button>
            <button
              type="button"
              className="link-button"
              aria-label={t(node.disabled ? 'departments.enableOf' : 'departments.disableOf', { name: node.name })}
              onClick={() => onAction({ kind: node.disabled ? 'enable' : 'disable', node })}
            >
              {node.disabled ? t('departments.enable') : t('departments.disable')}
            </button>
          </span>
        )}
      </div>
      {hasChildren && open && (
        <ul id={groupId} className="dept-tree__group">
          {node.children.map((child) => (
            <DepartmentItem key={child.id} node={child} depth={depth + 1} {...props} />
          ))}
        </ul>
      )}
    </li>
  );
}
