import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="message-screen" data-testid="not-found">
      <div>
        <h1>{t('notFound.title')}</h1>
        <p>{t('notFound.body')}</p>
        <Link className="btn" to="/">
          {t('nav.back')}
        </Link>
      </div>
    </div>
  );
}
