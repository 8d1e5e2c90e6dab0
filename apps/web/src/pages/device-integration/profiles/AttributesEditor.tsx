import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../../components/Icon';
import { ATTRIBUTE_TYPES, attributeRow } from './profile-draft';
import type { AttributeRow, AttributeType } from './profile-draft';

interface Props {
  rows: AttributeRow[];
  onChange: (rows: AttributeRow[]) => void;
  error?: string;
}

/** The attributes a mapping may produce: type, UN/CEFACT unit and range, one line each. */
export function AttributesEditor({ rows, onChange, error }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const update = (key: number, patch: Partial<AttributeRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const label = (row: AttributeRow, index: number, what: string) => t(`deviceProfiles.attributes.${what}Of`, { name: row.name.trim() || `#${index + 1}` });

  return (
    <fieldset className="di-fieldset" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`} data-testid="profile-attributes">
      <legend>{t('deviceProfiles.attributes.title')}</legend>
      <p id={`${id}-hint`} className="field__hint">{t('deviceProfiles.attributes.hint')}</p>
      {error && <p id={`${id}-error`} className="field__error" data-testid="field-error">{error}</p>}
      {rows.length > 0 && (
        <div className="di-table-wrap">
          <table className="data-table di-attr-table">
            <thead>
              <tr>
                <th scope="col">{t('deviceProfiles.attributes.name')}</th>
                <th scope="col">{t('deviceProfiles.attributes.type')}</th>
                <th scope="col">{t('deviceProfiles.attributes.unit')}</th>
                <th scope="col">{t('deviceProfiles.attributes.min')}</th>
                <th scope="col">{t('deviceProfiles.attributes.max')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={row.key} data-attribute={row.name}>
                  <td>
                    <input className="di-mono" value={row.name} maxLength={100} spellCheck={false} aria-label={t('deviceProfiles.attributes.nameOf', { name: `#${index + 1}` })} onChange={(e) => update(row.key, { name: e.target.value })} data-testid="attribute-name" />
                  </td>
                  <td>
                    <select value={row.type} aria-label={label(row, index, 'type')} onChange={(e) => update(row.key, { type: e.target.value as AttributeType })} data-testid="attribute-type">
                      {ATTRIBUTE_TYPES.map((type) => <option key={type} value={type}>{t(`deviceProfiles.attributeTypes.${type}`)}</option>)}
                    </select>
                  </td>
                  <td>
                    <input className="di-mono di-input-short" value={row.unitCode} maxLength={20} spellCheck={false} aria-label={label(row, index, 'unit')} onChange={(e) => update(row.key, { unitCode: e.target.value })} data-testid="attribute-unit" />
                  </td>
                  <td>
                    <input className="di-input-short" inputMode="decimal" value={row.min} aria-label={label(row, index, 'min')} onChange={(e) => update(row.key, { min: e.target.value })} data-testid="attribute-min" />
                  </td>
                  <td>
                    <input className="di-input-short" inputMode="decimal" value={row.max} aria-label={label(row, index, 'max')} onChange={(e) => update(row.key, { max: e.target.value })} data-testid="attribute-max" />
                  </td>
                  <td>
                    <button type="button" className="icon-button" aria-label={label(row, index, 'remove')} onClick={() => onChange(rows.filter((r) => r.key !== row.key))} data-testid="attribute-remove">
                      <Icon name="close" size={16} />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" className="button button--ghost di-add" onClick={() => onChange([...rows, attributeRow()])} data-testid="attribute-add">
        <Icon name="plus" size={16} />
        <span>{t('deviceProfiles.attributes.add')}</span>
      </button>
      <p className="field__hint">{t('deviceProfiles.attributes.unitHint')}</p>
    </fieldset>
  );
}
