import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import id from './locales/id.json';

/** Bahasa Indonesia first; English on request, remembered on this device. */
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'pkk.lang';

export function savedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode: the choice lasts for this page
  }
  void i18next.changeLanguage(lang);
}

export function initI18n(): void {
  const lng = savedLanguage();
  void i18next.use(initReactI18next).init({
    resources: { id: { translation: id }, en: { translation: en } },
    lng,
    fallbackLng: 'id',
    interpolation: { escapeValue: false },
    returnNull: false,
    // Resources are bundled: initialise at once, so the first render and document.title are translated.
    initAsync: false,
  });
  const apply = (l: string) => {
    document.documentElement.lang = l;
    document.title = i18next.t('app.name');
  };
  apply(lng);
  i18next.on('languageChanged', apply);
}
