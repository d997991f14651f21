import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Main } from '@/components/layout/main-landmark.tsx';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Main className="message-screen" data-testid="not-found">
      <div>
        <h1>{t('notFound.title')}</h1>
        <p>{t('notFound.body')}</p>
        <Link className="btn" to="/">
          {t('nav.back')}
        </Link>
      </div>
    </Main>
  );
}
