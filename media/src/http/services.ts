import type { Clock, PlayClaims } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';
import type { LiveViews } from '../access/live-views.ts';
import type { VerifyOptions } from '../access/verify.ts';
import type { ViewLog } from '../access/view-log.ts';
import type { MediaMetrics } from '../health/metrics.ts';
import type { FeedRegistry } from '../pull/registry.ts';

/**
 * What every transport (fMP4 WebSocket, HLS, WebRTC/WHEP) is given: lease a camera feed, check a
 * play token and claim its view, record the live view, count the viewer. Transports take this, never
 * the Context.
 */
export interface MediaServices {
  feeds: Pick<FeedRegistry, 'acquire'>;
  /** Play token → claims; throws ApiError 401 (token_invalid, token_expired) or 403 (wrong_node). */
  verify(token: string, opts?: VerifyOptions): Promise<PlayClaims>;
  /** One token, one view: claim it before serving; revocations end what is bound here. */
  live: LiveViews;
  views: ViewLog;
  metrics: Pick<MediaMetrics, 'viewer'>;
  clock: Clock;
  log: Logger;
}
