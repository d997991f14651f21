import { mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StreamKind } from '@pkk/core';
import { ApiError } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';
import { describeEvent, ManagedProcess } from '@pkk/platform/infra/managed-process';
import { redactUrl } from '@pkk/platform/media/camera-secrets';

export interface HlsSessionsOptions {
  /** Where playlists and segments are written (VAR_DIR/hls). */
  dir: string;
  /** A session with no request for this long is stopped (real ms). */
  idleMs: number;
  /** The RTSP URL ffmpeg reads for a camera stream (null: not on this node). */
  urlOf(cameraId: string, stream: StreamKind): string | null;
  log: Logger;
}

interface Session {
  proc: ManagedProcess;
  dir: string;
  ready: Promise<void>;
  starting: boolean;
  lastUsed: number;
}

/** 1 s segments, six in the playlist: a player that joins starts about four seconds behind live. */
const HLS_ARGS = [
  '-c',
  'copy',
  '-an',
  '-f',
  'hls',
  '-hls_time',
  '1',
  '-hls_list_size',
  '6',
  '-hls_flags',
  'delete_segments+omit_endlist+temp_file',
  '-hls_segment_filename',
  'seg%05d.ts',
  'index.m3u8',
];

/**
 * HLS, the fallback transport: one ffmpeg per camera stream (`-c copy`, no transcoding) reading the
 * camera's RTSP URL, started by the first playlist request and stopped when nobody asked for a
 * while. ffmpeg runs supervised (restarted with backoff if the camera drops it) and dies with us.
 */
export class HlsSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly opts: HlsSessionsOptions) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, Math.min(5_000, opts.idleMs / 2)));
    this.sweeper.unref();
  }

  /**
   * Starts ffmpeg for a camera stream if it is not running, without waiting for its first playlist;
   * 404 when the camera is not on this node. A start that fails is told to whoever asks for the
   * playlist next.
   */
  start(cameraId: string, stream: StreamKind): void {
    void this.ensure(cameraId, stream).ready.catch(() => undefined);
  }

  /** The playlist, starting ffmpeg if needed and waiting for its first playlist. */
  async playlist(cameraId: string, stream: StreamKind): Promise<Buffer> {
    const s = this.ensure(cameraId, stream);
    await s.ready;
    s.lastUsed = Date.now();
    // The readiness line comes as ffmpeg writes the temporary playlist, a moment before the rename.
    for (let i = 0; ; i++) {
      try {
        return await readFile(path.join(s.dir, 'index.m3u8'));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || i >= 40) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** A segment file of a running session; null when there is none (expired or never written). */
  async segment(cameraId: string, stream: StreamKind, name: string): Promise<Buffer | null> {
    if (!/^seg\d{5}\.ts$/.test(name)) return null;
    const s = this.sessions.get(key(cameraId, stream));
    if (!s) return null;
    s.lastUsed = Date.now();
    return readFile(path.join(s.dir, name)).catch(() => null);
  }

  running(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((k) => this.stop(k)));
  }

  private ensure(cameraId: string, stream: StreamKind): Session {
    const k = key(cameraId, stream);
    let s = this.sessions.get(k);
    if (s) {
      s.lastUsed = Date.now();
      return s;
    }
    const url = this.opts.urlOf(cameraId, stream);
    if (!url) throw ApiError.notFound('camera not served by this media node');
    const dir = path.join(this.opts.dir, k);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const log = this.opts.log.child({ camera: cameraId, stream, transport: 'hls' });
    const proc = new ManagedProcess({
      name: `ffmpeg hls ${k}`,
      command: 'ffmpeg',
      args: [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'info',
        '-rtsp_transport',
        'tcp',
        '-i',
        url,
        ...HLS_ARGS,
      ],
      spawn: { cwd: dir },
      // hlsenc renames the playlist into place once its first segment is complete.
      ready: /Opening 'index\.m3u8\.tmp' for writing|Opening 'index\.m3u8' for writing/,
      readyTimeoutMs: 20_000,
      hint: () => 'install ffmpeg (Debian package ffmpeg)',
      log: (e) => log.warn(describeEvent('ffmpeg', e).replace(url, redactUrl(url))),
    });
    const ready = proc.start().then(
      () => {
        s!.starting = false;
      },
      (err: Error) => {
        this.sessions.delete(k);
        throw new ApiError(
          503,
          'hls_unavailable',
          `HLS could not start: ${err.message.replace(url, redactUrl(url)).slice(0, 300)}`,
        );
      },
    );
    s = { proc, dir, ready, starting: true, lastUsed: Date.now() };
    this.sessions.set(k, s);
    return s;
  }

  private sweep(): void {
    const now = Date.now();
    // A session still waiting for its first playlist has a request waiting on it: not idle.
    for (const [k, s] of this.sessions)
      if (!s.starting && now - s.lastUsed > this.opts.idleMs) void this.stop(k);
  }

  private async stop(k: string): Promise<void> {
    const s = this.sessions.get(k);
    if (!s) return;
    this.sessions.delete(k);
    await s.proc.stop(3_000);
    rmSync(s.dir, { recursive: true, force: true });
  }
}

function key(cameraId: string, stream: StreamKind): string {
  return `${cameraId}-${stream}`;
}
