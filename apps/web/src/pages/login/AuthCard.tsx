import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ThemeSwitch } from '../../components/ThemeSwitch';
import { useSystemInfo } from '../../layout/use-system-info';
import '../../styles/auth.css';

/** The frame of the signed-out pages: brand, language and theme, one card. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const info = useSystemInfo();
  return (
    <div className="auth-page">
      <header className="auth-page__header">
        <p className="auth-page__brand">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <span>{t('app.name')}</span>
        </p>
        <div className="auth-page__tools">
          <LanguageSwitch />
          <ThemeSwitch />
        </div>
      </header>
      <main id="main-content" className="auth-page__main">
        <section className="auth-card" aria-labelledby="auth-card-title">
          <p className="auth-card__tagline">
            {info?.regionName ? `${info.regionName} · ${t('app.tagline')}` : t('app.tagline')}
          </p>
          <h1 id="auth-card-title">{title}</h1>
          {children}
        </section>
      </main>
    </div>
  );
}
