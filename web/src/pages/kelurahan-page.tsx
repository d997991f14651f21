import { useParams } from 'react-router';
import { AppShell } from '@/components/layout/app-shell.tsx';
import { WithRegistry } from '@/components/layout/guards.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { canWatch } from '@/lib/scope.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { KelurahanView } from '@/views/kelurahan/kelurahan-view.tsx';

/** `/kelurahan/:code`: one office live. The server refuses offices outside the user's area. */
export default function KelurahanPage() {
  const me = useMe();
  const { code = '' } = useParams();
  if (!canWatch(me.role)) return <UnavailableView />;
  return (
    <AppShell>
      <WithRegistry>{(index) => <KelurahanView key={code} code={code} index={index} />}</WithRegistry>
    </AppShell>
  );
}
