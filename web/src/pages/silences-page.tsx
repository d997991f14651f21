import { AppShell } from '@/components/layout/app-shell.tsx';
import { WithRegistry } from '@/components/layout/guards.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { canWatch } from '@/lib/scope.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { SilencesView, type SilencesTab } from '@/views/silences/silences-view.tsx';

/** `/silences` and `/silences/calendar`: alert silences, office outages and holidays of the user's area. */
export default function SilencesPage({ tab }: { tab: SilencesTab }) {
  const me = useMe();
  if (!canWatch(me.role)) return <UnavailableView />;
  return (
    <AppShell>
      <WithRegistry>{(index) => <SilencesView tab={tab} index={index} />}</WithRegistry>
    </AppShell>
  );
}
