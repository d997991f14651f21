import type { AccessUnit } from '../feed.ts';

/** Duration of the cached pictures a viewer is sent first, but the last (1 ms at 90 kHz). */
const CACHE_STEP = 90;
/** Assumed picture duration before two pictures were seen (25 fps). */
const DEFAULT_DURATION = 3_600;
/** A step larger than this (or backwards) is a camera clock jump, not a picture interval. */
const MAX_STEP = 90_000 * 5;

/**
 * A viewer's own media timeline, starting at 0 and without holes (MSE stalls at a gap in the
 * buffered range). The keyframe cache is sent with its timestamps compressed (1 ms apart) so the
 * player decodes it at once and is at the live edge; live pictures then follow with their real
 * spacing. Each picture lasts as long as the interval before it (the next one's time is not known
 * when it is sent); a clock jump at the camera keeps the previous interval.
 */
export class ViewerTimeline {
  private lastPts: number | null = null;
  private dts = 0;
  private duration = DEFAULT_DURATION;

  /** The cached pictures (starting at a keyframe) as [au, dts, duration]. */
  cached(units: readonly AccessUnit[]): [AccessUnit, number, number][] {
    const out: [AccessUnit, number, number][] = [];
    units.forEach((au, i) => {
      this.observe(au);
      const d = i === units.length - 1 ? this.duration : CACHE_STEP;
      out.push([au, this.dts, d]);
      this.dts += d;
    });
    return out;
  }

  /** Decode time and duration of a live picture. */
  next(au: AccessUnit): [number, number] {
    this.observe(au);
    const at = this.dts;
    this.dts += this.duration;
    return [at, this.duration];
  }

  private observe(au: AccessUnit): void {
    if (this.lastPts !== null) {
      const d = au.pts90k - this.lastPts;
      if (d > 0 && d < MAX_STEP) this.duration = d;
    }
    this.lastPts = au.pts90k;
  }
}
