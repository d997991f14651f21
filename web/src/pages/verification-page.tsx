import { AppShell } from '@/components/layout/app-shell.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { VerificationView } from '@/views/kinerja/verification-view.tsx';

/** `/verifikasi`: the verification queue of a superior (an account with a NIP) or a verifikator. */
export default function VerificationPage() {
  const me = useMe();
  if (!me.nip && me.role !== 'verifikator') return <UnavailableView />;
  return (
    <AppShell>
      <VerificationView />
    </AppShell>
  );
}
