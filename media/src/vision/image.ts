/**
 * The few pixel operations detection needs, on packed RGB (3 bytes a pixel): cropping and scaling a
 * region into a place of a canvas, and a tiny greyscale thumbnail for change gating and for telling a
 * dark, frozen or blocked view. Pure functions over typed arrays.
 */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A rectangle in pixels. */
export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Scales `src` (the region `from` of it) into `to` of `dst`, bilinear when enlarging and averaging
 * the covered source pixels when shrinking (no aliasing of a 1280-wide frame into a 208 tile).
 */
export function drawScaled(src: RgbImage, from: PixelRect, dst: RgbImage, to: PixelRect): void {
  const sx = from.w / to.w;
  const sy = from.h / to.h;
  const d = dst.data;
  const s = src.data;
  const sw = src.width;
  for (let y = 0; y < to.h; y++) {
    const fy0 = from.y + y * sy;
    const fy1 = fy0 + sy;
    const row = ((to.y + y) * dst.width + to.x) * 3;
    for (let x = 0; x < to.w; x++) {
      const fx0 = from.x + x * sx;
      const fx1 = fx0 + sx;
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      if (sx <= 1 && sy <= 1) {
        // enlarging: bilinear around the centre of the destination pixel
        const cx = Math.min(Math.max((fx0 + fx1) / 2 - 0.5, 0), sw - 1);
        const cy = Math.min(Math.max((fy0 + fy1) / 2 - 0.5, 0), src.height - 1);
        const x0 = Math.floor(cx);
        const y0 = Math.floor(cy);
        const x1 = Math.min(x0 + 1, sw - 1);
        const y1 = Math.min(y0 + 1, src.height - 1);
        const ax = cx - x0;
        const ay = cy - y0;
        const i00 = (y0 * sw + x0) * 3;
        const i01 = (y0 * sw + x1) * 3;
        const i10 = (y1 * sw + x0) * 3;
        const i11 = (y1 * sw + x1) * 3;
        for (let c = 0; c < 3; c++) {
          const top = s[i00 + c]! * (1 - ax) + s[i01 + c]! * ax;
          const bottom = s[i10 + c]! * (1 - ax) + s[i11 + c]! * ax;
          d[row + x * 3 + c] = Math.round(top * (1 - ay) + bottom * ay);
        }
        continue;
      }
      const ya = Math.floor(fy0);
      const yb = Math.min(Math.ceil(fy1), src.height);
      const xa = Math.floor(fx0);
      const xb = Math.min(Math.ceil(fx1), sw);
      for (let yy = ya; yy < yb; yy++) {
        let i = (yy * sw + xa) * 3;
        for (let xx = xa; xx < xb; xx++, i += 3) {
          r += s[i]!;
          g += s[i + 1]!;
          b += s[i + 2]!;
          n++;
        }
      }
      const o = row + x * 3;
      d[o] = Math.round(r / n);
      d[o + 1] = Math.round(g / n);
      d[o + 2] = Math.round(b / n);
    }
  }
}

export const THUMB_W = 32;
export const THUMB_H = 24;

/** A 32x24 greyscale thumbnail of a region (luma, 0-255): what gating and view checks compare. */
export function greyThumb(src: RgbImage, region: PixelRect): Uint8Array {
  const out = new Uint8Array(THUMB_W * THUMB_H);
  const sx = region.w / THUMB_W;
  const sy = region.h / THUMB_H;
  for (let ty = 0; ty < THUMB_H; ty++) {
    const ya = Math.floor(region.y + ty * sy);
    const yb = Math.max(ya + 1, Math.floor(region.y + (ty + 1) * sy));
    for (let tx = 0; tx < THUMB_W; tx++) {
      const xa = Math.floor(region.x + tx * sx);
      const xb = Math.max(xa + 1, Math.floor(region.x + (tx + 1) * sx));
      let sum = 0;
      let n = 0;
      // every second pixel both ways is plenty for a 32x24 average
      for (let y = ya; y < yb; y += 2) {
        let i = (y * src.width + xa) * 3;
        for (let x = xa; x < xb; x += 2, i += 6) {
          sum += 77 * src.data[i]! + 150 * src.data[i + 1]! + 29 * src.data[i + 2]!;
          n++;
        }
      }
      out[ty * THUMB_W + tx] = n ? Math.round(sum / n / 256) : 0;
    }
  }
  return out;
}
