import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotificationPreferences } from '../../api/notify';
import { fetchMyPreferences } from '../../api/notify';
import { PageHeader } from '../../components/PageHeader';
import { ProblemMessage } from '../../components/ProblemMessage';
import { Tabs } from '../../components/Tabs';
import { useApi } from '../../hooks/use-api';
import { MyNotifications } from './MyNotifications';
import { PreferencesForm } from './PreferencesForm';
import './notifications.css';

/** The signed-in user's own notification settings, and the notifications sent to them. */
export default function NotificationPreferencesPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('preferences');
  const prefs = useApi((signal) => fetchMyPreferences(signal), 'preferences');
  // What was saved last, so coming back from the inbox tab shows it rather than the first load.
  const [saved, setSaved] = useState<NotificationPreferences | null>(null);
  const initial = saved ?? prefs.data;

  return (
    <div className="page notify-page" data-testid="notification-preferences-page">
      <PageHeader title={t('pages.notificationPreferences.title')} intro={t('notifications.intro')} />
      <Tabs
        label={t('pages.notificationPreferences.title')}
        tabs={[
          { id: 'preferences', label: t('notifications.tabs.preferences') },
          { id: 'inbox', label: t('notifications.tabs.inbox') },
        ]}
        selected={tab}
        onSelect={setTab}
      >
        {tab === 'preferences' && (
          <>
            {prefs.error !== null && <ProblemMessage error={prefs.error} />}
            {prefs.loading && !prefs.data && <p role="status">{t('common.loading')}</p>}
            {initial && <PreferencesForm initial={initial} onSaved={setSaved} />}
          </>
        )}
        {tab === 'inbox' && <MyNotifications />}
      </Tabs>
    </div>
  );
}
