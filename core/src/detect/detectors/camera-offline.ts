import { MINUTE, makeDetection, type Detector } from '../detector.ts';
import { signal } from '../../findings/signal-text.ts';

/**
 * A camera its media node cannot pull (offline, or reconnecting again and again) with no frame for
 * longer than the debounce while the office works (from 30 minutes before office start to office
 * end). The silence counts from the last frame, so a camera flapping between offline and
 * reconnecting stays one finding; a camera back online resolves it, and one back within the reopen
 * window reopens the same finding, as devices do. A disabled camera, or one pulled only while
 * watched and idle, says nothing. Before any camera of the office has a status (the media role not
 * reporting yet), nothing can be judged.
 */
export const cameraOffline: Detector = {
  kind: 'camera_offline',
  nature: 'condition',
  personal: false,
  detect({ facts, now, config }) {
    if (facts.start === null || now < facts.start - 30 * MINUTE || now >= facts.end!) return null;
    const watched = facts.cameras.filter((c) => c.enabled);
    if (watched.length && watched.every((c) => c.state === null)) return null;
    const speed = config.clockSpeed ?? 1;
    const limit = config.detection.cameras.offlineAfterSeconds * 1000 * speed;
    const critical = config.detection.cameras.criticalAfterMinutes * MINUTE * speed;
    return watched.flatMap((c) => {
      if ((c.state !== 'offline' && c.state !== 'connecting') || c.since === null) return [];
      const from = c.lastFrameAt ?? c.since;
      const silent = now - from;
      if (silent <= limit) return [];
      return [
        makeDetection(this, facts, {
          subject: { camera: c.name },
          from,
          severity: silent >= critical ? 'critical' : 'warning',
          confidence: 1,
          evidence: {
            events: [],
            metrics: {
              cameraId: c.id,
              state: c.state,
              lastFrameAt: c.lastFrameAt,
              since: c.since,
              silentSeconds: Math.floor(silent / 1000),
              limitSeconds: limit / 1000,
              reconnects: c.reconnects,
              lastError: c.lastError,
              node: c.node,
            },
            signals: [
              c.lastError
                ? signal('camera', true, 'camera.noFrameError', {
                    seconds: Math.floor(silent / 1000),
                    state: c.state,
                    error: c.lastError,
                    limit: limit / 1000,
                  })
                : signal('camera', true, 'camera.noFrame', {
                    seconds: Math.floor(silent / 1000),
                    state: c.state,
                    limit: limit / 1000,
                  }),
            ],
          },
        }),
      ];
    });
  },
};
