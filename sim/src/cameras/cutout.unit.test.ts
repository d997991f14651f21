import { describe, expect, it } from 'vitest';
import { deskDay } from './occupancy.ts';
import { boxAt, coverage, cutSprite, medianBackground } from './cutout.ts';
import { pingPong } from './people.ts';
import { stateOf, zonesOf } from './scene.ts';

const W = 20;
const H = 20;
const plain = (v: number) => new Uint8Array(W * H * 3).fill(v);
function withFigure(base: number, x0: number, y0: number, w: number, h: number, v: number): Uint8Array {
  const f = plain(base);
  for (let y = y0; y < y0 + h; y++)
    for (let x = x0; x < x0 + w; x++) f.fill(v, (y * W + x) * 3, (y * W + x) * 3 + 3);
  return f;
}

describe('cutting people out', () => {
  it('takes the median of samples as the background, whoever walks through', () => {
    const bg = medianBackground(
      [withFigure(100, 2, 2, 3, 8, 10), plain(100), withFigure(100, 10, 5, 3, 8, 10)],
      W * H * 3,
    );
    expect(bg.every((v) => v === 100)).toBe(true);
  });

  it('keeps the largest figure, solid, and drops specks and other passers-by', () => {
    const frame = withFigure(100, 5, 3, 4, 12, 20);
    // a hole the colour of the background in the middle of the coat, and a speck far away
    frame.fill(100, (8 * W + 6) * 3, (8 * W + 6) * 3 + 3);
    frame.fill(20, (18 * W + 18) * 3, (18 * W + 18) * 3 + 3);
    const sprite = cutSprite(frame, plain(100), W, H, { x: 0, y: 0, w: W, h: H });
    const alpha = (x: number, y: number) => sprite[(y * W + x) * 4 + 3];
    expect(alpha(6, 8)).toBe(255);
    expect(alpha(18, 18)).toBe(0);
    expect(alpha(15, 3)).toBe(0);
    // grown by a pixel around the figure
    expect(alpha(4, 8)).toBe(255);
    expect(coverage(sprite)).toBeGreaterThan(0.12);
    expect(coverage(sprite)).toBeLessThan(0.3);
  });

  it('is transparent outside the frame and follows a walker with the box', () => {
    const sprite = cutSprite(plain(100), plain(100), W, H, { x: 15, y: 15, w: 10, h: 10 });
    expect(coverage(sprite)).toBe(0);
    const box = { x: 0, y: 10, w: 8, h: 16 };
    expect(boxAt(box, { x: 30, y: 4 }, 0, 16)).toEqual(box);
    expect(boxAt(box, { x: 30, y: 4 }, 15, 16)).toEqual({ x: 30, y: 4, w: 8, h: 16 });
    expect(pingPong(4)).toEqual([0, 1, 2, 3, 2, 1]);
  });
});

describe('desk scenes', () => {
  it('gives each desk a zone of its own, left to right, inside the picture', () => {
    const zones = zonesOf(['loket-1', 'loket-2', 'loket-3', 'loket-4']);
    expect(zones.map((z) => z.desk)).toEqual(['loket-1', 'loket-2', 'loket-3', 'loket-4']);
    for (const [i, z] of zones.entries()) {
      expect(z.polygon.flat().every((v) => v >= 0 && v <= 1)).toBe(true);
      if (i) expect(z.polygon[0]![0]).toBeGreaterThan(zones[i - 1]!.polygon[1]![0]);
    }
    expect(stateOf([false, true, true])).toBe(0b110);
  });

  it('tiles the day of a desk with empty and occupied intervals', () => {
    const t = (hhmm: string) => Date.parse(`2026-03-10T${hhmm}:00+07:00`);
    const day = deskDay('2026-03-10', 'Asia/Jakarta', [
      { from: t('13:00'), to: t('15:00') },
      { from: t('08:00'), to: t('12:00') },
      { from: t('11:00'), to: t('12:30') },
      { from: t('23:00'), to: t('23:00') + 5 * 3600_000 },
    ]);
    expect(day.map((d) => [d.state, new Date(d.from).toISOString(), new Date(d.to).toISOString()])).toEqual([
      ['empty', '2026-03-09T17:00:00.000Z', '2026-03-10T01:00:00.000Z'],
      ['occupied', '2026-03-10T01:00:00.000Z', '2026-03-10T05:30:00.000Z'],
      ['empty', '2026-03-10T05:30:00.000Z', '2026-03-10T06:00:00.000Z'],
      ['occupied', '2026-03-10T06:00:00.000Z', '2026-03-10T08:00:00.000Z'],
      ['empty', '2026-03-10T08:00:00.000Z', '2026-03-10T16:00:00.000Z'],
      ['occupied', '2026-03-10T16:00:00.000Z', '2026-03-10T17:00:00.000Z'],
    ]);
  });
});
