import type { CameraCreateRequest, CameraPlacement, KelurahanEntry } from '@pkk/core';
import { Rng } from '../random.ts';
import { DEFAULT_CLIP, type ClipSpec } from './clips.ts';

/**
 * Which simulated cameras each office has: one to three (desks, waiting hall, entrance), the same
 * for the same seed. Mount paths are `/k/<kelurahanCode>/<n>/main|sub`, n counting from 1.
 */

export interface SimCamera {
  kelurahanCode: string;
  kelurahanName: string;
  /** 1, 2 or 3. */
  n: number;
  placement: CameraPlacement;
  /** Unique per office; the simulator finds its cameras again by this name. */
  name: string;
  mainPath: string;
  subPath: string;
}

const PLACEMENTS: { placement: CameraPlacement; name: string }[] = [
  { placement: 'desks', name: 'Kamera loket (sim)' },
  { placement: 'hall', name: 'Kamera ruang tunggu (sim)' },
  { placement: 'entrance', name: 'Kamera pintu masuk (sim)' },
];

export function cameraPath(kelurahanCode: string, n: number, stream: 'main' | 'sub'): string {
  return `/k/${kelurahanCode}/${n}/${stream}`;
}

export function planCameras(seed: string, offices: Pick<KelurahanEntry, 'code' | 'name'>[]): SimCamera[] {
  return offices.flatMap((k) => {
    const count = Rng.from(seed, 'cameras', k.code).int(1, 3);
    return PLACEMENTS.slice(0, count).map((p, i) => ({
      kelurahanCode: k.code,
      kelurahanName: k.name,
      n: i + 1,
      placement: p.placement,
      name: p.name,
      mainPath: cameraPath(k.code, i + 1, 'main'),
      subPath: cameraPath(k.code, i + 1, 'sub'),
    }));
  });
}

export function clipSpecOf(c: SimCamera, seconds = DEFAULT_CLIP.seconds): ClipSpec {
  return {
    ...DEFAULT_CLIP,
    seconds,
    title: `Kelurahan ${c.kelurahanName}`,
    subtitle: `${c.name.replace(' (sim)', '')} · ${c.kelurahanCode} · #${c.n}`,
    tint: (c.n - 1) * 40 + (parseInt(c.kelurahanCode.slice(-2), 10) % 8) * 10,
  };
}

export function createRequestOf(c: SimCamera, url: (path: string) => string): CameraCreateRequest {
  return {
    kelurahanCode: c.kelurahanCode,
    name: c.name,
    placement: c.placement,
    rtspMain: url(c.mainPath),
    rtspSub: url(c.subPath),
    // Desk cameras are watched all the time (snapshots, desk zones); the hall and the entrance are
    // pulled while somebody looks (as a city would set them up), which halves the demo's camera load.
    pullMode: c.placement === 'desks' ? 'always' : 'on_demand',
    enabled: true,
  };
}
