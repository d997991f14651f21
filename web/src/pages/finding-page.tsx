import { useParams } from 'react-router';
import { AppShell } from '@/components/layout/app-shell.tsx';
import { WithRegistry } from '@/components/layout/guards.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { canWatch } from '@/lib/scope.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { FindingView } from '@/views/finding/finding-view.tsx';
import NotFoundPage from './not-found-page.tsx';

/** `/findings/:id`: one finding, where a notification's tap or link leads. */
export default function FindingPage() {
  const me = useMe();
  const id = Number(useParams().id);
  if (!canWatch(me.role)) return <UnavailableView />;
  if (!Number.isInteger(id) || id <= 0) return <NotFoundPage />;
  return (
    <AppShell>
      <WithRegistry>{(index) => <FindingView id={id} index={index} />}</WithRegistry>
    </AppShell>
  );
}
