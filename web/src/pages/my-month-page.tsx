import { AppShell } from '@/components/layout/app-shell.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { MyMonthView } from '@/views/kinerja/my-month-view.tsx';

/** `/bulan-saya`: an officer's month (any account that names its NIP). */
export default function MyMonthPage() {
  const me = useMe();
  if (!me.nip) return <UnavailableView />;
  return (
    <AppShell>
      <MyMonthView />
    </AppShell>
  );
}
