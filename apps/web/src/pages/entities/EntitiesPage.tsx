import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'react-router-dom';
import { datahubStats, listEntities } from '../../api/datahub';
import { PageHeader } from '../../components/PageHeader';
import { PAGE_SIZES, Pagination } from '../../components/Pagination';
import { ProblemMessage } from '../../components/ProblemMessage';
import { TableStatus } from '../../components/TableStatus';
import { useApi } from '../../hooks/use-api';
import { useCounties } from '../../hooks/use-counties';
import { useDepartments } from '../../hooks/use-departments';
import { EntityFilters } from './EntityFilters';
import type { EntityFilterValues } from './EntityFilters';
import { EntityRow } from './EntityRow';
import './entities.css';

const COLUMNS = 5;

function pageOf(params: URLSearchParams): { limit: number; offset: number } {
  const limit = Number(params.get('limit'));
  const offset = Number(params.get('offset'));
  return {
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : PAGE_SIZES[0],
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/**
 * The data hub's entities, paged by the server: filter by type, county, department and id. The filters
 * live in the address, so the back button from an entity returns to the same list.
 */
export default function EntitiesPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const counties = useCounties();
  const [params, setParams] = useSearchParams();
  const departments = useDepartments();
  const filters: EntityFilterValues = { type: params.get('type') ?? '', county: params.get('county') ?? '', department: params.get('department') ?? '', q: params.get('q') ?? '' };
  const page = pageOf(params);
  // The prefecture itself is "everywhere": the listing's county filter takes a county.
  const county = filters.county === counties.region?.code ? '' : filters.county;
  const query = { type: filters.type, county, department: filters.department, q: filters.q, ...page };
  const list = useApi((signal) => listEntities(query, signal), JSON.stringify(query));
  const stats = useApi((signal) => datahubStats(signal), 'stats');
  const types = [...new Set((stats.data?.entities ?? []).map((e) => e.type))];

  const update = (next: Partial<EntityFilterValues & { limit: number; offset: number }>) => {
    setParams((current) => {
      const out = new URLSearchParams(current);
      for (const [key, value] of Object.entries(next)) {
        if (value === '' || value === 0) out.delete(key);
        else out.set(key, String(value));
      }
      // A new filter starts from the first page.
      if (!('offset' in next)) out.delete('offset');
      return out;
    }, { replace: true });
  };

  const items = list.data?.items ?? [];
  const from = `${location.pathname}${location.search}`;
  return (
    <div className="page entities-page" data-testid="entities-page">
      <PageHeader title={t('pages.entities.title')} intro={t('entities.intro')} />
      <EntityFilters value={filters} types={types} region={counties.region} counties={counties.counties} departments={departments.flat} onChange={update} />
      {stats.error !== null && <ProblemMessage error={stats.error} />}
      <div className="table-wrap">
        <table className="data-table entities-table" data-testid="entities-table" aria-busy={list.loading}>
          <caption className="visually-hidden">{t('pages.entities.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('entities.columns.name')}</th>
              <th scope="col">{t('entities.columns.type')}</th>
              <th scope="col">{t('entities.columns.county')}</th>
              <th scope="col">{t('entities.columns.values')}</th>
              <th scope="col">{t('entities.columns.observedAt')}</th>
            </tr>
          </thead>
          <tbody>
            <TableStatus columns={COLUMNS} loading={list.loading} error={list.error} empty={items.length === 0} emptyText={t('entities.empty')} onRetry={list.reload} />
            {items.map((entity) => (
              <EntityRow key={entity.id} entity={entity} countyName={counties.names} from={from} />
            ))}
          </tbody>
        </table>
      </div>
      {list.data && (
        <Pagination total={list.data.total} limit={page.limit} offset={page.offset} onChange={(p) => update(p)} label={t('pages.entities.title')} />
      )}
    </div>
  );
}
