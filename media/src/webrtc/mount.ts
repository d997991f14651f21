import type { Env } from '@pkk/platform/config/env';
import type { MediaServices } from '../http/services.ts';
import type { ViewSession } from '../access/view-log.ts';
import { webrtcConfig } from './config.ts';
import { WebrtcSessions } from './sessions.ts';
import { whepRouter } from './whep-router.ts';

/**
 * WebRTC on a media node: the WHEP router over the node's feeds, token checks and live-view audit.
 * Returns the router factory `startMedia` takes, and the sessions (closed when the node stops).
 */
export function webrtcOn(env: Env) {
  let sessions: WebrtcSessions | null = null;
  const router = (services: MediaServices) => {
    sessions = new WebrtcSessions(webrtcConfig(env), services.log.child({ part: 'webrtc' }));
    void sessions.prepare();
    const open = new Map<string, { view: ViewSession; left: () => void }>();
    return whepRouter({
      verify: (token) => services.verify(token),
      claim: (claims) => services.live.claim(claims, 'webrtc'),
      acquire: async (cameraId, stream) => services.feeds.acquire(cameraId, stream),
      sessions,
      log: services.log,
      onViewStart: (claims) => {
        if (open.has(claims.jti)) return;
        const view = services.views.open(claims.jti, 'webrtc');
        view.sent();
        open.set(claims.jti, { view, left: services.metrics.viewer('webrtc') });
      },
      onViewEnd: (claims) => {
        const v = open.get(claims.jti);
        if (!v) return;
        open.delete(claims.jti);
        v.left();
        void v.view.end();
      },
    });
  };
  return { router, close: () => sessions?.closeAll('shutdown') };
}
