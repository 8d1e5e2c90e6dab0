import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';

/** Notices a page can leave for the next one through navigation state, e.g. after a password change. */
const NOTICES: Record<string, string> = {
  passwordChanged: 'changePassword.done',
  totpEnrolled: 'enrollTotp.done',
};

export function RouteNotice() {
  const { t } = useTranslation();
  const location = useLocation();
  const state = location.state as { notice?: unknown } | null;
  const key = typeof state?.notice === 'string' ? NOTICES[state.notice] : undefined;
  const [visible, setVisible] = useState(true);

  useEffect(() => {
    setVisible(true);
    const timer = window.setTimeout(() => setVisible(false), 6000);
    return () => window.clearTimeout(timer);
  }, [location.key]);

  if (!key || !visible) return null;
  return (
    <p className="route-notice" role="status">
      {t(key)}
    </p>
  );
}
