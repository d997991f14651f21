import { AppShell } from '@/components/layout/app-shell.tsx';
import { WithRegistry } from '@/components/layout/guards.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { canWatch } from '@/lib/scope.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { InboxView } from '@/views/inbox/inbox-view.tsx';

/** `/inbox`: the open findings of the signed-in user's area. */
export default function InboxPage() {
  const me = useMe();
  if (!canWatch(me.role)) return <UnavailableView />;
  return (
    <AppShell>
      <WithRegistry>{(index) => <InboxView index={index} />}</WithRegistry>
    </AppShell>
  );
}
