import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '@/i18n.ts';
import { useLanguage } from '@/hooks/use-language.ts';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const { lang, setLang } = useLanguage();
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')} data-testid="language-switch">
      {LANGUAGES.map((l) => (
        <button
          key={l}
          type="button"
          aria-pressed={lang === l}
          onClick={() => setLang(l)}
          lang={l}
          title={t(`language.${l}`)}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
