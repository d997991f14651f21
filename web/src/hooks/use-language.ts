import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '@/i18n.ts';

export function useLanguage(): { lang: Language; setLang: (l: Language) => void } {
  const { i18n } = useTranslation();
  return { lang: i18n.language === 'en' ? 'en' : 'id', setLang: setLanguage };
}
