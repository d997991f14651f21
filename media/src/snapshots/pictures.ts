import type { CameraFeed } from '../feed.ts';
import { keyframeAnnexB } from './annexb.ts';
import type { DecodedPicture, KeyframeDecoders } from './decoder.ts';

/**
 * The latest keyframe of a running feed as a picture, decoded once however many ask (snapshots and
 * detection read the same keyframe): the last picture per camera stream is kept with the arrival time
 * of its keyframe, and a keyframe already decoded is not decoded again.
 */
export class LatestPictures {
  private readonly last = new Map<string, { receivedAt: number; picture: Promise<DecodedPicture> }>();

  constructor(private readonly decoders: KeyframeDecoders) {}

  /** Null when the feed has no keyframe (yet). */
  of(feed: CameraFeed): { receivedAt: number; picture: Promise<DecodedPicture> } | null {
    const params = feed.params();
    const key = feed.keyframeCache()[0];
    if (!params || !key) return null;
    const id = `${feed.cameraId}/${feed.stream}`;
    const hit = this.last.get(id);
    if (hit && hit.receivedAt === key.receivedAt) return hit;
    const picture = this.decoders.decode(keyframeAnnexB(params, key), params.width, params.height);
    const entry = { receivedAt: key.receivedAt, picture };
    this.last.set(id, entry);
    picture.catch(() => {
      if (this.last.get(id) === entry) this.last.delete(id);
    });
    return entry;
  }

  forget(cameraId: string): void {
    for (const id of this.last.keys()) if (id.startsWith(`${cameraId}/`)) this.last.delete(id);
  }
}
