import { NANODET_INPUT, type Box } from './nanodet-decode.ts';
import { drawScaled, type PixelRect, type RgbImage } from './image.ts';

/**
 * Several zones (of one camera or of several) judged by ONE inference: each zone's crop is scaled,
 * aspect kept, into a tile of the model's 416x416 input (one zone: the whole input; two to four: a
 * 2x2 grid of 208x208 tiles), and the boxes found are mapped back to the frame each came from. A box
 * belongs to the tile that holds its centre; it is clipped to that tile.
 */
export const MOSAIC_MAX = 4;

export interface MosaicItem {
  frame: RgbImage;
  /** The zone's region of the frame, in pixels. */
  region: PixelRect;
}

export interface Placement {
  tile: PixelRect;
  /** Where the crop landed inside the tile (letterboxed). */
  drawn: PixelRect;
  region: PixelRect;
}

export function tilesFor(n: number): PixelRect[] {
  if (n < 1 || n > MOSAIC_MAX) throw new Error(`a mosaic holds 1 to ${MOSAIC_MAX} zones, not ${n}`);
  if (n === 1) return [{ x: 0, y: 0, w: NANODET_INPUT, h: NANODET_INPUT }];
  const half = NANODET_INPUT / 2;
  return [0, 1, 2, 3]
    .slice(0, n)
    .map((i) => ({ x: (i % 2) * half, y: Math.floor(i / 2) * half, w: half, h: half }));
}

/** Paints the zones into a fresh 416x416 RGB canvas (grey where nothing is drawn). */
export function buildMosaic(items: MosaicItem[]): { canvas: RgbImage; placements: Placement[] } {
  const size = NANODET_INPUT;
  const canvas: RgbImage = { width: size, height: size, data: new Uint8Array(size * size * 3).fill(114) };
  const tiles = tilesFor(items.length);
  const placements = items.map((item, i) => {
    const tile = tiles[i]!;
    const { region } = item;
    const scale = Math.min(tile.w / region.w, tile.h / region.h);
    const w = Math.max(1, Math.round(region.w * scale));
    const h = Math.max(1, Math.round(region.h * scale));
    const drawn = {
      x: tile.x + Math.floor((tile.w - w) / 2),
      y: tile.y + Math.floor((tile.h - h) / 2),
      w,
      h,
    };
    drawScaled(item.frame, region, canvas, drawn);
    return { tile, drawn, region };
  });
  return { canvas, placements };
}

/** The boxes of each zone, in its frame's pixels. */
export function splitBoxes(boxes: Box[], placements: Placement[]): Box[][] {
  const out: Box[][] = placements.map(() => []);
  for (const b of boxes) {
    const cx = (b.x1 + b.x2) / 2;
    const cy = (b.y1 + b.y2) / 2;
    const i = placements.findIndex(
      (p) => cx >= p.drawn.x && cx < p.drawn.x + p.drawn.w && cy >= p.drawn.y && cy < p.drawn.y + p.drawn.h,
    );
    if (i < 0) continue;
    const p = placements[i]!;
    const s = p.region.w / p.drawn.w;
    const clip = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
    out[i]!.push({
      x1: p.region.x + (clip(b.x1, p.drawn.x, p.drawn.x + p.drawn.w) - p.drawn.x) * s,
      y1: p.region.y + (clip(b.y1, p.drawn.y, p.drawn.y + p.drawn.h) - p.drawn.y) * s,
      x2: p.region.x + (clip(b.x2, p.drawn.x, p.drawn.x + p.drawn.w) - p.drawn.x) * s,
      y2: p.region.y + (clip(b.y2, p.drawn.y, p.drawn.y + p.drawn.h) - p.drawn.y) * s,
      score: b.score,
    });
  }
  return out;
}
