import { useTranslation } from 'react-i18next';
import { PERMISSION_CLASSES } from '../api/admin-types';
import type { PermissionInfo } from '../api/admin-types';

export interface PermissionChecklistProps {
  catalogue: readonly PermissionInfo[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  /** API keys carry data permissions only: the administrator classes are left out. */
  classes?: readonly PermissionInfo['class'][];
  describedBy?: string;
}

/** Checkboxes grouped by class (system / security / audit / data), each with its description. */
export function PermissionChecklist({ catalogue, value, onChange, classes = PERMISSION_CLASSES, describedBy }: PermissionChecklistProps) {
  const { t, i18n } = useTranslation();
  const chosen = new Set(value);
  const toggle = (key: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(key);
    else next.delete(key);
    onChange(catalogue.map((p) => p.key).filter((k) => next.has(k)));
  };
  return (
    <div className="permission-checklist" aria-describedby={describedBy}>
      {classes.map((group) => {
        const items = catalogue.filter((p) => p.class === group);
        if (items.length === 0) return null;
        return (
          <fieldset key={group} className="permission-group" data-class={group}>
            <legend>{t(`roles.classes.${group}`)}</legend>
            <div className="permission-group__items">
              {items.map((p) => (
                <label key={p.key} className="checkbox permission-item">
                  <input type="checkbox" name="permissions" value={p.key} checked={chosen.has(p.key)} onChange={(event) => toggle(p.key, event.target.checked)} />
                  <span>
                    <code>{p.key}</code>
                    <span className="permission-item__text">{i18n.language === 'en' ? p.en : p.zh}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
