import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth/AuthProvider';
import { CHANGE_PASSWORD_PATH, ENROLL_TOTP_PATH, RequireAuth } from './auth/RequireAuth';
import { AppLayout } from './layout/AppLayout';
import ChangePasswordPage from './pages/change-password/ChangePasswordPage';
import EnrollTotpPage from './pages/enroll-totp/EnrollTotpPage';
import LoginPage from './pages/login/LoginPage';
import { NotFoundPage } from './pages/not-found/NotFoundPage';
import { PageGate } from './pages/PageGate';
import { HOME_PATH, pages } from './pages/registry';
import { ThemeProvider } from './theme/ThemeProvider';

/** Routes: the sign-in pages, then every registered page inside the layout. */
export function App() {
  return (
    <BrowserRouter>
      <ThemeProvider>
        <AuthProvider>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<RequireAuth />}>
              <Route path={CHANGE_PASSWORD_PATH} element={<ChangePasswordPage />} />
              <Route path={ENROLL_TOTP_PATH} element={<EnrollTotpPage />} />
              <Route element={<AppLayout />}>
                <Route index element={<Navigate to={HOME_PATH} replace />} />
                {pages.map((page) => (
                  <Route key={page.id} path={`${page.path}/*`} element={<PageGate page={page} />} />
                ))}
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Route>
          </Routes>
        </AuthProvider>
      </ThemeProvider>
    </BrowserRouter>
  );
}
