import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyframeDecoders } from './decoder.ts';

/** One H.264 keyframe (Annex-B: SPS, PPS, IDR) of a plain colour, made by ffmpeg's x264. */
function keyframe(color: string, size: string): Buffer {
  return execFileSync('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=${color}:s=${size}:r=1`,
    '-frames:v',
    '1',
    '-c:v',
    'libx264',
    '-profile:v',
    'baseline',
    '-pix_fmt',
    'yuv420p',
    '-f',
    'h264',
    'pipe:1',
  ]);
}

describe('one running ffmpeg decodes keyframes of many cameras', () => {
  const decoders = new KeyframeDecoders({ timeoutMs: 3_000 });
  afterAll(() => decoders.close());

  it('gives each keyframe its own picture, raw and JPEG, in order, at once', async () => {
    const red = keyframe('red', '320x240');
    const blue = keyframe('blue', '320x240');
    const green = keyframe('green', '160x120');
    const t0 = performance.now();
    const [a, b, c, d] = await Promise.all([
      decoders.decode(red, 320, 240),
      decoders.decode(blue, 320, 240),
      decoders.decode(green, 160, 120),
      decoders.decode(red, 320, 240),
    ]);
    expect(performance.now() - t0).toBeLessThan(10_000);
    const px = (p: typeof a) => [...p.rgb.subarray(0, 3)];
    expect(px(a!)[0]).toBeGreaterThan(200);
    expect(px(b!)[2]).toBeGreaterThan(200);
    expect(px(c!)[1]).toBeGreaterThan(100);
    expect(c!.rgb.length).toBe(160 * 120 * 3);
    expect(px(d!)[0]).toBeGreaterThan(200);
    for (const p of [a, b, c, d])
      expect([...p!.jpeg.subarray(0, 2), ...p!.jpeg.subarray(-2)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    // a later keyframe is decoded by the same process without waiting for another
    const t1 = performance.now();
    const e = await decoders.decode(blue, 320, 240);
    expect(px(e)[2]).toBeGreaterThan(200);
    expect(performance.now() - t1).toBeLessThan(2_000);
  });

  it('fails a picture that cannot be decoded, and decodes the next one', async () => {
    await expect(decoders.decode(Buffer.from([0, 0, 0, 1, 0x65, 1, 2, 3]), 320, 240)).rejects.toThrow();
    const ok = await decoders.decode(keyframe('red', '320x240'), 320, 240);
    expect(ok.rgb[0]).toBeGreaterThan(200);
  }, 30_000);
});
