import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { fetchRoles } from '../../../api/roles';
import { PageHeader } from '../../../components/PageHeader';
import { Tabs } from '../../../components/Tabs';
import { useApi } from '../../../hooks/use-api';
import '../admin.css';
import { AssignmentsPanel } from './AssignmentsPanel';
import { RoleList } from './RoleList';

const TABS = ['roles', 'assignments'] as const;
type Tab = (typeof TABS)[number];

/** `/admin/roles`: the roles with their permissions, and who holds which role in which scope. */
export default function RolesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'assignments' ? 'assignments' : 'roles';
  const roles = useApi((signal) => fetchRoles(signal), 'roles');

  const select = (next: Tab) => {
    const search = new URLSearchParams(params);
    search.set('tab', next);
    setParams(search, { replace: true });
  };
  const selectUser = (userId: string) => {
    const search = new URLSearchParams(params);
    if (userId) search.set('user', userId);
    else search.delete('user');
    setParams(search, { replace: true });
  };

  return (
    <div className="page admin-page" data-testid="roles-page">
      <PageHeader title={t('pages.roles.title')} intro={t('roles.intro')} />
      <Tabs
        label={t('roles.tabsLabel')}
        tabs={TABS.map((id) => ({ id, label: t(`roles.tabs.${id}`) }))}
        selected={tab}
        onSelect={(id) => select(id as Tab)}
      >
        {tab === 'roles' ? (
          <RoleList roles={roles.data?.items ?? []} loading={roles.loading} error={roles.error} onChanged={roles.reload} />
        ) : (
          <AssignmentsPanel roles={roles.data?.items ?? []} userId={params.get('user') ?? ''} onUserChange={selectUser} />
        )}
      </Tabs>
    </div>
  );
}
