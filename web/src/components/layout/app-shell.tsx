import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { session } from '@/api/session.ts';
import { useMe } from '@/hooks/use-session.ts';
import { navFor } from '@/lib/scope.ts';
import { ConnectionBanner } from './connection-banner.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { Main } from './main-landmark.tsx';
import './app-shell.css';

/** The frame of every screen but the wall: brand, navigation for the role, language, sign-out, and the banner when live data stops. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const nav = navFor(me);
  const signOut = async () => {
    await session.logout().catch(() => undefined);
    navigate('/login', { replace: true });
  };
  return (
    <div className="shell">
      <header className="topbar">
        <NavLink to="/" className="topbar__brand" aria-label={t('app.name')}>
          <img src="/icons/icon.svg" alt="" width="28" height="28" />
          <span className="topbar__name">{t('app.short')}</span>
        </NavLink>
        {nav.length > 0 && (
          <nav className="topbar__nav" aria-label={t('nav.label')}>
            {nav.map((n) => (
              <NavLink key={n.key} to={n.to} end data-testid={`nav-${n.key}`}>
                {t(`nav.${n.key}`)}
              </NavLink>
            ))}
          </nav>
        )}
        <div className="topbar__right">
          <LanguageSwitch />
          <span className="topbar__user" data-testid="user-name" title={t(`role.${me.role}`)}>
            {me.displayName}
          </span>
          <button
            type="button"
            className="btn btn--ghost topbar__logout"
            onClick={() => void signOut()}
            data-testid="logout"
          >
            {t('auth.logout')}
          </button>
        </div>
      </header>
      <Main className="shell__main">
        <div className="shell__banner">
          <ConnectionBanner />
        </div>
        {children}
      </Main>
    </div>
  );
}
