import { AppShell } from '@/components/layout/app-shell.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { tppReaderOf } from '@/lib/scope.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { TppView } from '@/views/tpp/tpp-view.tsx';

/** `/tpp`: the month's TPP per unit (lurah, camat, HR, mayor; an officer their own and their staff's). */
export default function TppPage() {
  const me = useMe();
  if (!tppReaderOf(me)) return <UnavailableView />;
  return (
    <AppShell>
      <TppView />
    </AppShell>
  );
}
