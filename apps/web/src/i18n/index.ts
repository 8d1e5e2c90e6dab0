import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';
import { DEFAULT_LANGUAGE, isLanguage, rememberLanguage, storedLanguage } from './languages';
import { featureCatalogues, mergeCatalogues } from './merge-catalogues';

/** Each feature's strings: `features/<feature>.zh-CN.json` and `features/<feature>.en.json`. */
const features = import.meta.glob<Record<string, unknown>>('./features/*.json', { eager: true });

/** The catalogues are small, so they ship in the main bundle: no flash of keys. */
void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: mergeCatalogues(zhCN, ...featureCatalogues(features, 'zh-CN')) },
    en: { translation: mergeCatalogues(en, ...featureCatalogues(features, 'en')) },
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
