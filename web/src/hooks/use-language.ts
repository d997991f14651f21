import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '@/i18n.ts';
import { syncPushLanguage } from './use-push.ts';

export function useLanguage(): { lang: Language; setLang: (l: Language) => void } {
  const { i18n } = useTranslation();
  return {
    lang: i18n.language === 'en' ? 'en' : 'id',
    setLang: (l) => {
      setLanguage(l);
      // Push notifications to this device follow the language shown.
      void syncPushLanguage(l);
    },
  };
}
