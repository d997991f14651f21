import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@pkk/platform/infra/logger';
import { freePort } from '@pkk/platform/infra/ports';
import { rtmpIngest } from './rtmp-ingest.ts';

/** Pushes three seconds of a test pattern over RTMP with ffmpeg; resolves with its exit code. */
function push(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const ff = spawn(
      'ffmpeg',
      [
        '-v',
        'error',
        '-re',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=320x240:rate=15',
        '-t',
        '3',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-g',
        '15',
        '-f',
        'flv',
        url,
      ],
      { stdio: 'ignore' },
    );
    ff.once('exit', (code) => resolve(code));
  });
}

describe('RTMP ingest (node-media-server) in a supervised child', () => {
  const events: string[] = [];
  let ingest: ReturnType<typeof rtmpIngest>;
  afterAll(async () => {
    await ingest?.stop(3_000);
  });

  it('accepts a push, and comes back by itself when the child dies', async () => {
    const port = await freePort();
    ingest = rtmpIngest({
      port,
      bind: '127.0.0.1',
      dir: mkdtempSync(path.join(os.tmpdir(), 'pkk-nms-')),
      log: createLogger('silent'),
      onEvent: (e) => events.push(e.kind),
    })!;
    await ingest.start();
    expect(await push(`rtmp://127.0.0.1:${port}/live/cam1`)).toBe(0);
    const pid = ingest.pid()!;
    process.kill(pid, 'SIGKILL'); // a session that crashes node-media-server
    await vi.waitFor(() => expect(events).toContain('restarted'), { timeout: 30_000, interval: 100 });
    expect(ingest.pid()).not.toBe(pid);
    expect(await push(`rtmp://127.0.0.1:${port}/live/cam1`)).toBe(0);
  });
});
