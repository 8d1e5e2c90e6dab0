import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';
import { DEFAULT_LANGUAGE, isLanguage, rememberLanguage, storedLanguage } from './languages';

/** Both catalogues are small, so they ship in the main bundle: no flash of keys. */
void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN },
    en: { translation: en },
  },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: ['zh-CN', 'en'],
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

function applyLanguage(language: string): void {
  document.documentElement.lang = language;
  if (isLanguage(language)) rememberLanguage(language);
}

applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

export default i18n;
