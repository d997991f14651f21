import { AppShell } from '@/components/layout/app-shell.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { canSeeOrganisation } from '@/lib/scope.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { OrganisasiView } from '@/views/organisasi/organisasi-view.tsx';

/** `/organisasi`: units, officers and their superiors on a day, an officer's history, import and export. */
export default function OrganisasiPage() {
  const me = useMe();
  if (!canSeeOrganisation(me)) return <UnavailableView />;
  return (
    <AppShell>
      <OrganisasiView />
    </AppShell>
  );
}
