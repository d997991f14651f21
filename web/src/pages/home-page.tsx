import { Navigate } from 'react-router';
import { AppShell } from '@/components/layout/app-shell.tsx';
import { WithRegistry } from '@/components/layout/guards.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { canWatch } from '@/lib/scope.ts';
import { HomeView } from '@/views/phone/home-view.tsx';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';

/** `/`: the mayor's phone view (and the camat's); a lurah goes to their office, other roles learn why not. */
export default function HomePage() {
  const me = useMe();
  if (!canWatch(me.role)) return <UnavailableView />;
  if (me.role === 'lurah' && me.kelurahanCode)
    return <Navigate to={`/kelurahan/${me.kelurahanCode}`} replace />;
  return (
    <AppShell>
      <WithRegistry>{(index) => <HomeView index={index} />}</WithRegistry>
    </AppShell>
  );
}
