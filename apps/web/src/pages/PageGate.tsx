import { useAuth } from '../auth/auth-context';
import { hasPermission } from '../auth/permissions';
import { ForbiddenPage } from './not-found/ForbiddenPage';
import { lazyPage } from './lazy-page';
import type { PageRegistration } from './registry';

/** Renders a registered page, or the no-access page when the user lacks its permission. */
export function PageGate({ page }: { page: PageRegistration }) {
  const { user } = useAuth();
  if (!hasPermission(user?.permissions ?? [], page.permission)) return <ForbiddenPage />;
  const Page = lazyPage(page);
  return <Page />;
}
