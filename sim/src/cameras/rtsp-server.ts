import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describeEvent, ManagedProcess } from '@pkk/platform/infra/managed-process';
import type { Log } from '../http/client.ts';

/**
 * The simulated cameras' RTSP server: sim/rtsp/camera-server.py (GStreamer's RTSP server under the
 * system python3), started and supervised here (restarted with backoff when it dies; its mounts and
 * outages are sent again), driven over a unix control socket with JSON lines. It loops clips without
 * encoding; only the optional clock camera (`addClock`) encodes live.
 */

export const SCRIPT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../rtsp/camera-server.py',
);
/** The system python3: the PATH one may be a pyenv shim without gi. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const mountPath = z
  .string()
  .regex(/^(\/[A-Za-z0-9._-]+)+$/, 'expected a path such as /k/3171010001/1/main')
  .refine((p) => !p.split('/').includes('..'), 'no .. in a mount path');

export const cameraMount = z.object({
  path: mountPath,
  /** Annex B H.264 with access unit delimiters (clips.ts makes them). */
  file: z.string().min(1),
  fps: z.number().int().min(1).max(60).default(15),
});
export type CameraMount = z.input<typeof cameraMount>;

export const clockMount = z.object({
  path: mountPath.default('/bench/clock/main'),
  width: z.number().int().min(160).max(3840).multipleOf(2).default(1280),
  height: z.number().int().min(120).max(2160).multipleOf(2).default(720),
  fps: z.number().int().min(1).max(60).default(25),
});
export type ClockMount = z.input<typeof clockMount>;

const serverOptions = z.object({
  /** RTSP port on `host`; 0 picks a free one (see `port` on the result). */
  port: z.number().int().min(0).max(65535),
  host: z.string().default('127.0.0.1'),
  mounts: z.array(cameraMount).default([]),
  python: z.string().default(SYSTEM_PYTHON),
});
export type CameraServerOptions = z.input<typeof serverOptions> & { log: Log };

export interface CameraServerStats {
  mounts: number;
  down: number;
  /** RTSP connections open now. */
  clients: number;
  /** Clips held in memory (loaded at a mount's first client). */
  clips: number;
  port: number;
}

export interface CameraServer {
  /** The bound RTSP port. */
  readonly port: number;
  /** Process id of the server (for measurements); null while it is restarting. */
  pid(): number | null;
  url(path: string): string;
  addMounts(mounts: CameraMount[]): Promise<void>;
  /** Starts the live clock camera (clock-code.ts bar code) at `path`; returns its URL. */
  addClock(opts?: ClockMount): Promise<string>;
  /**
   * Plays another clip at a mount from its next keyframe on (the clips of one scene share their
   * length, rate and keyframe interval); remembered, so a restarted server plays it too.
   */
  switchClip(path: string, file: string): Promise<void>;
  /** Down: its clients are cut, DESCRIBE answers 404, no frames; up: served again. */
  setDown(path: string, down: boolean): Promise<void>;
  isDown(path: string): boolean;
  stats(): Promise<CameraServerStats>;
  stop(): Promise<void>;
}

export class CameraServerError extends Error {
  override name = 'CameraServerError';
}

type Request =
  | { op: 'mount'; path: string; file: string; fps: number }
  | { op: 'clock'; path: string; width: number; height: number; fps: number }
  | { op: 'down' | 'up'; path: string }
  | { op: 'switch'; path: string; file: string }
  | { op: 'stats' };
interface Reply {
  id: number;
  ok: boolean;
  error?: string;
  stats?: Omit<CameraServerStats, 'port'> & { port: number };
}

/** JSON lines over the control socket, one answer per request, reconnecting after a restart. */
class Control {
  private socket: net.Socket | null = null;
  private connecting: Promise<net.Socket> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  constructor(private readonly socketPath: string) {}

  private connect(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<net.Socket>((resolve, reject) => {
      const s = net.createConnection(this.socketPath);
      let buf = '';
      s.setEncoding('utf8');
      s.once('connect', () => {
        this.socket = s;
        this.connecting = null;
        resolve(s);
      });
      s.on('data', (chunk: string) => {
        buf += chunk;
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          let reply: Reply;
          try {
            reply = JSON.parse(line) as Reply;
          } catch {
            continue;
          }
          const p = this.pending.get(reply.id);
          this.pending.delete(reply.id);
          p?.resolve(reply);
        }
      });
      s.on('error', (err) => {
        this.connecting = null;
        reject(new CameraServerError(`camera server control socket: ${err.message}`));
      });
      s.on('close', () => {
        if (this.socket === s) this.socket = null;
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(new CameraServerError('camera server went away before answering'));
        }
      });
    });
    return this.connecting;
  }

  async send(req: Request, timeoutMs = 10_000): Promise<Reply> {
    const s = await this.connect();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CameraServerError(`camera server did not answer ${req.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      s.write(JSON.stringify({ id, ...req }) + '\n');
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

/** Starts the camera server and mounts `mounts`; resolves once it serves them. */
export async function startCameraServer(options: CameraServerOptions): Promise<CameraServer> {
  const parsed = serverOptions.safeParse(options);
  if (!parsed.success)
    throw new CameraServerError(
      `camera server options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const o = parsed.data;
  const { log } = options;
  const socketPath = path.join(os.tmpdir(), `pkk-cameras-${process.pid}-${randomUUID().slice(0, 8)}.sock`);
  // The env object is kept: after the first start the bound port is pinned in it, so a restart
  // listens where clients already point.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CAMERA_SERVER_HOST: o.host,
    CAMERA_SERVER_PORT: String(o.port),
    CAMERA_SERVER_CONTROL: socketPath,
    PYTHONUNBUFFERED: '1',
  };
  const control = new Control(socketPath);
  const mounts = new Map<string, Request & { op: 'mount' | 'clock' }>();
  const down = new Set<string>();
  let port = o.port;

  const call = async (req: Request): Promise<Reply> => {
    const r = await control.send(req);
    if (!r.ok)
      throw new CameraServerError(
        `camera server: ${req.op}${'path' in req ? ` ${req.path}` : ''}: ${r.error ?? 'failed'}`,
      );
    return r;
  };
  const replay = async () => {
    for (const m of mounts.values()) await call(m);
    for (const p of down) await call({ op: 'down', path: p });
  };

  const proc = new ManagedProcess({
    name: 'camera RTSP server',
    command: o.python,
    args: [SCRIPT],
    spawn: { env },
    ready: /"event": "ready"/,
    readyTimeoutMs: 20_000,
    log: (e) => {
      log(e.kind === 'restarted' ? 'info' : 'warn', describeEvent('camera RTSP server', e));
      if (e.kind === 'restarted')
        replay().catch((err: Error) =>
          log('error', `camera server: could not restore mounts after a restart: ${err.message}`),
        );
    },
  });
  try {
    await proc.start();
  } catch (err) {
    const msg = (err as Error).message;
    const hint = /No module named|Namespace \w+ not available|ENOENT/.test(msg)
      ? ' (GStreamer RTSP server missing: run scripts/setup.sh, which installs gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-* and python3-gi)'
      : '';
    throw new CameraServerError(`${msg}${hint}`);
  }
  try {
    port = (await call({ op: 'stats' })).stats!.port;
    env.CAMERA_SERVER_PORT = String(port);
  } catch (err) {
    await proc.stop(2000);
    throw err;
  }

  const server: CameraServer = {
    get port() {
      return port;
    },
    pid: () => proc.pid(),
    url: (p) => `rtsp://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}${p}`,
    async addMounts(list) {
      for (const raw of list) {
        const m = cameraMount.safeParse(raw);
        if (!m.success)
          throw new CameraServerError(
            `camera mount ${raw.path}: ${m.error.issues.map((i) => i.message).join('; ')}`,
          );
        if (!existsSync(m.data.file))
          throw new CameraServerError(`camera mount ${m.data.path}: no clip at ${m.data.file}`);
        const req = { op: 'mount' as const, ...m.data };
        await call(req);
        mounts.set(m.data.path, req);
      }
    },
    async addClock(raw = {}) {
      const c = clockMount.safeParse(raw);
      if (!c.success)
        throw new CameraServerError(`clock camera: ${c.error.issues.map((i) => i.message).join('; ')}`);
      const req = { op: 'clock' as const, ...c.data };
      await call(req);
      mounts.set(c.data.path, req);
      return server.url(c.data.path);
    },
    async switchClip(p, file) {
      const m = mounts.get(p);
      if (m?.op !== 'mount') throw new CameraServerError(`camera server: no clip mount ${p}`);
      if (m.file === file) return;
      if (!existsSync(file)) throw new CameraServerError(`camera switch ${p}: no clip at ${file}`);
      await call({ op: 'switch', path: p, file });
      mounts.set(p, { ...m, file });
    },
    async setDown(p, isDown) {
      if (!mounts.has(p)) throw new CameraServerError(`camera server: no mount ${p}`);
      await call({ op: isDown ? 'down' : 'up', path: p });
      if (isDown) down.add(p);
      else down.delete(p);
    },
    isDown: (p) => down.has(p),
    async stats() {
      return (await call({ op: 'stats' })).stats!;
    },
    async stop() {
      control.close();
      await proc.stop(5000);
      rmSync(socketPath, { force: true });
    },
  };
  try {
    await server.addMounts(o.mounts);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}
