import { WithRegistry } from '@/components/layout/guards.tsx';
import { useMe } from '@/hooks/use-session.ts';
import { canWatch } from '@/lib/scope.ts';
import { UnavailableView } from '@/views/auth/unavailable-view.tsx';
import { VideoWallView } from '@/views/video-wall/video-wall-view.tsx';

/** `/wall/video`: the cameras of the area on the command-center wall. */
export default function VideoWallPage() {
  const me = useMe();
  if (!canWatch(me.role)) return <UnavailableView />;
  return <WithRegistry>{(index) => <VideoWallView index={index} />}</WithRegistry>;
}
