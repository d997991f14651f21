import { AppShell } from '@/components/layout/app-shell.tsx';
import { WithRegistry } from '@/components/layout/guards.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { AppealsView, appealRoleOf } from '@/views/appeals/appeals-view.tsx';

/** `/appeals`: contest findings about yourself (or your staff), or decide appeals. */
export default function AppealsPage() {
  const me = useMe();
  if (!appealRoleOf(me)) return <UnavailableView />;
  return (
    <AppShell>
      <WithRegistry>{(index) => <AppealsView index={index} />}</WithRegistry>
    </AppShell>
  );
}
