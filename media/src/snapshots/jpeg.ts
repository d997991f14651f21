import { spawn } from 'node:child_process';

/** Decodes one Annex-B keyframe to a JPEG with ffmpeg (stdin to stdout, nothing on disk). */
export function keyframeToJpeg(annexB: Buffer, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const ff = spawn(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        '-f',
        'h264',
        '-i',
        'pipe:0',
        '-frames:v',
        '1',
        '-q:v',
        '4',
        '-f',
        'mjpeg',
        'pipe:1',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => ff.kill('SIGKILL'), timeoutMs);
    ff.stdout.on('data', (d: Buffer) => out.push(d));
    ff.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-1000)));
    ff.stdin.on('error', () => undefined); // ffmpeg may exit before reading all: its exit code says why
    ff.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ffmpeg: ${e.message}`));
    });
    ff.once('close', (code, signal) => {
      clearTimeout(timer);
      const jpeg = Buffer.concat(out);
      if (code === 0 && jpeg.length > 2 && jpeg[0] === 0xff && jpeg[1] === 0xd8) resolve(jpeg);
      else reject(new Error(`ffmpeg could not decode the keyframe (${signal ?? code}): ${err.trim()}`));
    });
    ff.stdin.end(annexB);
  });
}
