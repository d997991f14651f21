import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useRegistry, useRegistryIndex, type RegistryIndex } from '@/hooks/use-registry.ts';
import { useSession } from '@/hooks/use-session.ts';
import { Main } from './main-landmark.tsx';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Main className="message-screen" data-testid="loading">
      <div>
        <div className="spinner" />
        {t('common.loading')}
      </div>
    </Main>
  );
}

/** Screens behind sign-in: the login page otherwise, which sends the user back here after. */
export function RequireSession({ children }: { children: ReactNode }) {
  const s = useSession();
  const location = useLocation();
  if (s.status === 'checking') return <Loading />;
  if (s.status === 'anonymous')
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** Renders once the registry (names, areas, clock speed) is loaded. */
export function WithRegistry({ children }: { children: (index: RegistryIndex) => ReactNode }) {
  const { t } = useTranslation();
  const r = useRegistry();
  const index = useRegistryIndex();
  if (r.status === 'error') {
    return (
      <Main className="message-screen">
        <div>
          <h1>{t('common.loadFailed')}</h1>
          <p>{r.error.message}</p>
        </div>
      </Main>
    );
  }
  if (!index) return <Loading />;
  return children(index);
}
