import { AppShell } from '@/components/layout/app-shell.tsx';
import { WithRegistry } from '@/components/layout/guards.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { canManageCameras } from '@/lib/scope.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { CamerasView } from '@/views/cameras/cameras-view.tsx';

/** `/cameras`: camera management for operators and administrators (the api checks the same). */
export default function CamerasPage() {
  const me = useMe();
  if (!canManageCameras(me.role)) return <UnavailableView />;
  return (
    <AppShell>
      <WithRegistry>{(index) => <CamerasView index={index} />}</WithRegistry>
    </AppShell>
  );
}
