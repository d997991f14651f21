/**
 * The clock camera's bar code: the wall clock (epoch ms when the frame was made) drawn into the top
 * strip of every frame as large black and white cells, so that a viewer (a test, the latency bench,
 * a browser) can read how old the frame it shows is. Pure: it runs in the browser as well.
 *
 * Layout: the top tenth of the picture is split into 64 equal cells across the full width:
 *   cells 0..3    start marker 1 0 1 0
 *   cells 4..51   48 bits of the epoch ms, most significant first
 *   cells 52..59  CRC-8 (polynomial 0x07, initial 0) of those 48 bits as 6 bytes, big-endian
 *   cells 60..63  end marker 0 1 1 0
 * 1 is white, 0 is black; the rest of the picture is free (readable text goes below the strip).
 * Positions are fractions of the picture, so the code survives scaling; cells are 20 px wide at
 * 1280x720 and still 5 px at 320x180, and the reader samples only their middle, away from the edges
 * that H.264 smears. The encoder in sim/rtsp/camera-server.py draws exactly this.
 */

export const CLOCK_CELLS = 64;
/** Height of the code strip as a fraction of the picture height. */
export const CLOCK_STRIP = 0.1;
export const CLOCK_START = [1, 0, 1, 0] as const;
export const CLOCK_END = [0, 1, 1, 0] as const;
const DATA_AT = 4;
const DATA_BITS = 48;
const CRC_AT = DATA_AT + DATA_BITS;
const END_AT = CRC_AT + 8;
/** The largest epoch ms 48 bits hold (the year 10889). */
export const CLOCK_MAX = 2 ** DATA_BITS - 1;

export interface RgbaImage {
  /** width * height * 4 bytes, row by row, R G B A. */
  data: ArrayLike<number>;
  width: number;
  height: number;
}

export function crc8(bytes: ArrayLike<number>): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) {
    crc ^= bytes[i]! & 0xff;
    for (let b = 0; b < 8; b++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

function bytesOf(epochMs: number): number[] {
  const out: number[] = [];
  let v = epochMs;
  for (let i = 0; i < 6; i++) {
    out.unshift(v % 256);
    v = Math.floor(v / 256);
  }
  return out;
}

/** The 64 cells (1 white, 0 black) that encode `epochMs`. */
export function clockCells(epochMs: number): number[] {
  if (!Number.isInteger(epochMs) || epochMs < 0 || epochMs > CLOCK_MAX)
    throw new RangeError(`clock code: ${epochMs} is not a whole epoch ms in 0..2^48-1`);
  const bits: number[] = [...CLOCK_START];
  for (const byte of bytesOf(epochMs)) for (let b = 7; b >= 0; b--) bits.push((byte >> b) & 1);
  const crc = crc8(bytesOf(epochMs));
  for (let b = 7; b >= 0; b--) bits.push((crc >> b) & 1);
  bits.push(...CLOCK_END);
  return bits;
}

/** Strip height in pixels for a picture `height` high (even, as I420 needs). */
export function clockStripHeight(height: number): number {
  const h = Math.max(2, Math.round(height * CLOCK_STRIP));
  return h - (h % 2);
}

/** A reference picture: the code on mid-grey, RGBA. The live encoder draws the same strip. */
export function drawClock(epochMs: number, width: number, height: number): Uint8ClampedArray {
  const cells = clockCells(epochMs);
  const img = new Uint8ClampedArray(width * height * 4).fill(80);
  const strip = clockStripHeight(height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (y < strip) {
        const v = cells[Math.min(CLOCK_CELLS - 1, Math.floor((x * CLOCK_CELLS) / width))] ? 235 : 16;
        img[i] = img[i + 1] = img[i + 2] = v;
      }
      img[i + 3] = 255;
    }
  return img;
}

/**
 * Reads the epoch ms out of a frame, or null when the frame carries no readable code (markers or
 * CRC wrong, contrast too low, a cell neither black nor white, a malformed image). Never throws.
 */
export function decodeClock(img: RgbaImage): number | null {
  const { data, width, height } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < CLOCK_CELLS || height < 20)
    return null;
  if (!data || data.length < width * height * 4) return null;
  const stripH = height * CLOCK_STRIP;
  const rows = [0.25, 0.4, 0.5, 0.6, 0.75].map((f) => Math.min(height - 1, Math.floor(stripH * f)));
  const cellW = width / CLOCK_CELLS;
  const level: number[] = [];
  for (let c = 0; c < CLOCK_CELLS; c++) {
    const x0 = Math.floor((c + 0.3) * cellW);
    const x1 = Math.max(x0 + 1, Math.ceil((c + 0.7) * cellW));
    let sum = 0;
    let n = 0;
    for (const y of rows)
      for (let x = x0; x < x1 && x < width; x++) {
        const i = (y * width + x) * 4;
        sum += 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
        n++;
      }
    level.push(sum / n);
  }
  const marks = [
    ...CLOCK_START.map((b, i) => [i, b] as const),
    ...CLOCK_END.map((b, i) => [END_AT + i, b] as const),
  ];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const white = mean(marks.filter(([, b]) => b === 1).map(([i]) => level[i]!));
  const black = mean(marks.filter(([, b]) => b === 0).map(([i]) => level[i]!));
  const contrast = white - black;
  if (!(contrast >= 60)) return null;
  const mid = (white + black) / 2;
  const bits: number[] = [];
  for (const v of level) {
    if (Math.abs(v - mid) < contrast * 0.2) return null;
    bits.push(v > mid ? 1 : 0);
  }
  if (marks.some(([i, b]) => bits[i] !== b)) return null;
  const bytes: number[] = [];
  for (let k = 0; k < 6; k++)
    bytes.push(bits.slice(DATA_AT + k * 8, DATA_AT + k * 8 + 8).reduce((a, b) => a * 2 + b, 0));
  const crc = bits.slice(CRC_AT, END_AT).reduce((a, b) => a * 2 + b, 0);
  if (crc8(bytes) !== crc) return null;
  return bytes.reduce((a, b) => a * 256 + b, 0);
}
