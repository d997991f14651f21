import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '@/api/http.ts';
import { session } from '@/api/session.ts';
import { LanguageSwitch } from '@/components/layout/language-switch.tsx';
import { Main } from '@/components/layout/main-landmark.tsx';
import { useSession } from '@/hooks/use-session.ts';
import { homeFor } from '@/lib/scope.ts';
import './login.css';

/** Sign-in. After it, each role lands where it works (see homeFor), or back where it was sent from. */
export function LoginView() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const s = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const from = (location.state as { from?: string } | null)?.from;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await session.login(username.trim(), password);
      navigate(from && from !== '/login' ? from : homeFor(me), { replace: true });
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'network';
      setError(
        code === 'invalid_credentials'
          ? t('auth.invalid')
          : code === 'too_many_requests'
            ? t('auth.tooMany')
            : code === 'network'
              ? t('auth.network')
              : t('auth.failed'),
      );
      setBusy(false);
    }
  };

  return (
    <Main className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <form className="login__card" onSubmit={(e) => void submit(e)} noValidate data-testid="login-form">
        <img src="/icons/icon.svg" alt="" width="56" height="56" />
        <h1>{t('app.name')}</h1>
        <p className="login__sub">{t('app.city')}</p>
        {s.status === 'anonymous' && s.expired && <p className="login__notice">{t('auth.expired')}</p>}
        <label htmlFor="username">{t('auth.username')}</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <label htmlFor="password">{t('auth.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        {error && (
          <p className="login__error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn--primary" disabled={busy || !username || !password}>
          {busy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
    </Main>
  );
}
