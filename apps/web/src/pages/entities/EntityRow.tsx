import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isSimulated } from '../../api/datahub';
import type { DatahubEntity } from '../../api/datahub';
import { useFormatDateTime } from '../../i18n/use-format-date-time';
import { formatValue, keyValues } from './key-values';
import { useTypeLabel } from './use-type-label';

export interface EntityRowProps {
  entity: DatahubEntity;
  countyName: ReadonlyMap<string, string>;
  /** Where the entity page's back link returns (this list, with its filters). */
  from: string;
}

/** One entity of the browser: name and id (a link to its page), type, county, key values, observed time. */
export function EntityRow({ entity, countyName, from }: EntityRowProps) {
  const { t } = useTranslation();
  const typeLabel = useTypeLabel();
  const formatDateTime = useFormatDateTime();
  const { attributes } = entity;
  const name = typeof attributes.name === 'string' ? attributes.name : null;
  const county = entity.divisionCode ? (countyName.get(entity.divisionCode.slice(0, 6)) ?? entity.divisionCode) : '—';
  const values = keyValues(entity.type, attributes);
  const yesNo: [string, string] = [t('entities.yes'), t('entities.no')];
  return (
    <tr data-entity-id={entity.id} data-entity-type={entity.type} data-division={entity.divisionCode ?? ''}>
      <td className="entities-table__name">
        <Link to={`/entities/${encodeURIComponent(entity.id)}`} state={{ from }} data-testid="entity-link">
          {name ?? entity.id}
        </Link>
        {isSimulated(attributes) && (
          <span className="badge badge--info" title={t('overview.simulatedHint')} data-testid="simulated-badge">
            {t('overview.simulated')}
          </span>
        )}
        {name && <span className="entities-table__id" title={entity.id}>
            {entity.id}
          </span>}
      </td>
      <td className="entities-table__type">{typeLabel(entity.type)}</td>
      <td className="entities-table__county">{county}</td>
      <td>
        {values.length === 0 ? (
          <span className="muted">{t('entities.noValues')}</span>
        ) : (
          <dl className="entities-kv">
            {values.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{formatValue(value, yesNo)}</dd>
              </div>
            ))}
          </dl>
        )}
      </td>
      <td className="entities-table__time">
        {entity.observedAt ? (
          <time dateTime={entity.observedAt}>{formatDateTime(entity.observedAt)}</time>
        ) : (
          <span className="muted" title={t('entities.notObserved', { time: formatDateTime(entity.modifiedAt) })}>
            —
          </span>
        )}
      </td>
    </tr>
  );
}
