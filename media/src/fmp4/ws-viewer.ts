import type { WebSocket } from 'ws';
import type { ViewSession } from '../access/view-log.ts';
import type { AccessUnit, CameraFeed, H264Params } from '../feed.ts';
import { fragment, initSegment } from './muxer.ts';
import { ViewerTimeline } from './timeline.ts';

/** Above this much unsent data the viewer is too slow: pictures are dropped until the next keyframe. */
export const HIGH_WATER_BYTES = 2 * 1024 * 1024;
/** Sending resumes (at a keyframe) once the backlog is below this. */
export const LOW_WATER_BYTES = 256 * 1024;

/**
 * One WebSocket viewer of a feed: a text message with the codec and size, the init segment, the
 * keyframe cache on a compressed timeline, then one moof+mdat per picture. A slow viewer skips to
 * the next keyframe instead of growing a backlog; new parameters (a camera that changed
 * resolution) are announced with a new text message and init segment.
 */
export class WsViewer {
  private sentParams: H264Params | null = null;
  private readonly timeline = new ViewerTimeline();
  private seq = 1;
  private waitKeyframe = true;
  private unsubscribe: (() => void) | null = null;
  /** Pictures not sent because the viewer was behind. */
  dropped = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly feed: CameraFeed,
    private readonly view: ViewSession,
  ) {}

  start(): void {
    this.unsubscribe = this.feed.subscribe({
      onParams: (p) => this.onParams(p),
      onAccessUnit: (au) => this.onAccessUnit(au),
      onGap: () => (this.waitKeyframe = true),
    });
    const p = this.feed.params();
    if (p) {
      this.onParams(p);
      const cache = this.feed.keyframeCache();
      if (cache.length) {
        this.waitKeyframe = false;
        for (const [au, dts, d] of this.timeline.cached(cache)) this.send(fragment(this.seq++, au, dts, d));
      }
    }
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private onParams(p: H264Params): void {
    const s = this.sentParams;
    if (s && s.sps.equals(p.sps) && s.pps.equals(p.pps)) return;
    this.sentParams = p;
    this.waitKeyframe = true;
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify({ codec: p.codecString, width: p.width, height: p.height }));
    this.ws.send(initSegment(p));
  }

  private onAccessUnit(au: AccessUnit): void {
    if (!this.sentParams || this.ws.readyState !== this.ws.OPEN) return;
    if (this.waitKeyframe) {
      if (!au.keyframe || this.ws.bufferedAmount > LOW_WATER_BYTES) return void (this.dropped += 1);
      this.waitKeyframe = false;
    } else if (this.ws.bufferedAmount > HIGH_WATER_BYTES) {
      this.waitKeyframe = true;
      this.dropped += 1;
      return;
    }
    const [dts, d] = this.timeline.next(au);
    this.send(fragment(this.seq++, au, dts, d));
  }

  private send(data: Buffer): void {
    this.ws.send(data);
    this.view.sent();
  }
}
