import { useTranslation } from 'react-i18next';
import { AppShell } from '@/components/layout/app-shell.tsx';
import { useMe } from '@/hooks/use-session.ts';

/** For roles whose screens (findings, appeals, KPI) come in later issues: a friendly word, not a 403. */
export function UnavailableView() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <AppShell>
      <div className="message-screen message-screen--in-shell" data-testid="unavailable">
        <div>
          <h1>{t('unavailable.title', { name: me.displayName })}</h1>
          <p>{t('unavailable.body', { role: t(`role.${me.role}`) })}</p>
        </div>
      </div>
    </AppShell>
  );
}
