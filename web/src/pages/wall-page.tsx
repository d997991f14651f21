import { useEffect } from 'react';
import { WithRegistry } from '@/components/layout/guards.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { canWatch } from '@/lib/scope.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { WallView } from '@/views/wall/wall-view.tsx';

/** `/wall`: the command-center video wall. `?bench=1` loads the browser-side latency instrumentation. */
export default function WallPage() {
  const me = useMe();
  useEffect(() => {
    if (new URLSearchParams(location.search).get('bench') === '1')
      void import('@/bench/instrument.ts').then((m) => m.startInstrumentation());
  }, []);
  if (!canWatch(me.role)) return <UnavailableView />;
  return <WithRegistry>{(index) => <WallView index={index} />}</WithRegistry>;
}
