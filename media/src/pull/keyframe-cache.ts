import type { AccessUnit } from '../feed.ts';
import { MAX_CACHE_BYTES, MAX_CACHE_UNITS } from './policy.ts';

/**
 * The access units since the latest keyframe, starting at it, so a new viewer decodes at once.
 * Past the bounds it is emptied until the next keyframe (a viewer then waits for it, as without a cache).
 */
export class KeyframeCache {
  private units: AccessUnit[] = [];
  private bytes = 0;

  push(au: AccessUnit): void {
    if (au.keyframe) {
      this.units = [au];
      this.bytes = size(au);
      return;
    }
    if (!this.units.length) return;
    this.bytes += size(au);
    if (this.units.length >= MAX_CACHE_UNITS || this.bytes > MAX_CACHE_BYTES) return this.clear();
    this.units.push(au);
  }

  get(): readonly AccessUnit[] {
    return this.units;
  }

  clear(): void {
    this.units = [];
    this.bytes = 0;
  }
}

function size(au: AccessUnit): number {
  return au.nalus.reduce((n, b) => n + b.length, 0);
}
