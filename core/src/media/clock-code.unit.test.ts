import { describe, expect, it } from 'vitest';
import {
  CLOCK_CELLS,
  CLOCK_MAX,
  clockCells,
  crc8,
  decodeClock,
  drawClock,
  type RgbaImage,
} from './clock-code.ts';

const T = 1_795_000_123_456; // an epoch ms in 2026

/** Area-average downscale: what a scaler does to the blocks. */
function scale(img: RgbaImage, w: number, h: number): RgbaImage {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [x0, x1] = [
        Math.floor((x * img.width) / w),
        Math.max(Math.floor((x * img.width) / w) + 1, Math.floor(((x + 1) * img.width) / w)),
      ];
      const [y0, y1] = [
        Math.floor((y * img.height) / h),
        Math.max(Math.floor((y * img.height) / h) + 1, Math.floor(((y + 1) * img.height) / h)),
      ];
      for (let c = 0; c < 4; c++) {
        let s = 0;
        for (let yy = y0; yy < y1; yy++)
          for (let xx = x0; xx < x1; xx++) s += img.data[(yy * img.width + xx) * 4 + c]!;
        out[(y * w + x) * 4 + c] = s / ((x1 - x0) * (y1 - y0));
      }
    }
  return { data: out, width: w, height: h };
}

/** Blur the block edges and add noise, as a low-bitrate encode does. */
function degrade(img: RgbaImage, noise: number, seed = 1): RgbaImage {
  const out = new Uint8ClampedArray(img.data.length);
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4;
      const l = (y * img.width + Math.max(0, x - 2)) * 4;
      const r = (y * img.width + Math.min(img.width - 1, x + 2)) * 4;
      const n = rnd() * noise;
      for (let c = 0; c < 3; c++)
        out[i + c] = (img.data[l + c]! + 2 * img.data[i + c]! + img.data[r + c]!) / 4 + n;
      out[i + 3] = 255;
    }
  return { data: out, width: img.width, height: img.height };
}

describe('clock code', () => {
  it('has 64 cells: markers, 48 data bits, CRC', () => {
    const cells = clockCells(T);
    expect(cells).toHaveLength(CLOCK_CELLS);
    expect(cells.slice(0, 4)).toEqual([1, 0, 1, 0]);
    expect(cells.slice(60)).toEqual([0, 1, 1, 0]);
    expect(crc8([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39])).toBe(0xf4); // CRC-8/SMBUS check value
  });

  it('reads back what it drew, at several sizes', () => {
    for (const [w, h] of [
      [1280, 720],
      [640, 360],
      [1920, 1080],
    ] as const)
      expect(decodeClock({ data: drawClock(T, w, h), width: w, height: h })).toBe(T);
    for (const t of [0, 1, CLOCK_MAX, Date.UTC(2030, 0, 1, 0, 0, 0, 999)])
      expect(decodeClock({ data: drawClock(t, 640, 360), width: 640, height: 360 })).toBe(t);
  });

  it('survives downscaling, blur and noise', () => {
    const big: RgbaImage = { data: drawClock(T, 1280, 720), width: 1280, height: 720 };
    expect(decodeClock(degrade(scale(big, 640, 360), 25))).toBe(T);
    expect(decodeClock(degrade(scale(big, 320, 180), 20))).toBe(T);
    expect(decodeClock(degrade(scale(big, 854, 480), 30, 7))).toBe(T);
  });

  it('says null for a frame without a readable code', () => {
    const w = 640;
    const h = 360;
    const good = drawClock(T, w, h);
    const flipped = good.slice();
    // Invert one data cell: the CRC no longer matches.
    const cell = 20;
    for (let y = 0; y < 36; y++)
      for (let x = cell * 10; x < cell * 10 + 10; x++)
        for (let c = 0; c < 3; c++) flipped[(y * w + x) * 4 + c] = 255 - flipped[(y * w + x) * 4 + c]!;
    expect(decodeClock({ data: flipped, width: w, height: h })).toBeNull();
    expect(decodeClock({ data: new Uint8ClampedArray(w * h * 4).fill(128), width: w, height: h })).toBeNull();
    expect(decodeClock({ data: new Uint8ClampedArray(10), width: w, height: h })).toBeNull();
    expect(decodeClock({ data: good, width: 10, height: 10 })).toBeNull();
    expect(decodeClock({ data: good, width: Number.NaN, height: h })).toBeNull();
    expect(() => clockCells(-1)).toThrow(RangeError);
    expect(() => clockCells(1.5)).toThrow(RangeError);
  });
});
