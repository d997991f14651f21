import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '@pkk/platform/infra/ports';

/**
 * A real RTSP source for tests, until the simulator's server is in: GStreamer's RTSP server (system
 * python3 with gi, as the simulator uses) encoding a live test pattern with x264 (baseline, a
 * keyframe every `gop` frames). ffmpeg 5.1 cannot serve RTSP (`-rtsp_flags listen` is for input
 * only), so it is not used here.
 */
const SERVER = `
import sys, gi
gi.require_version('Gst', '1.0'); gi.require_version('GstRtspServer', '1.0'); gi.require_version('GstRtsp', '1.0')
from gi.repository import Gst, GstRtspServer, GstRtsp, GLib
Gst.init(None)
port, path, w, h, fps, gop, pattern, kbps, method, user, password = sys.argv[1:12]
server = GstRtspServer.RTSPServer(); server.set_address('127.0.0.1'); server.set_service(port)
f = GstRtspServer.RTSPMediaFactory(); f.set_shared(True)
f.set_launch('( videotestsrc is-live=true pattern=%s ! video/x-raw,width=%s,height=%s,framerate=%s/1 ! '
  'x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%s bitrate=%s ! video/x-h264,profile=baseline ! '
  'rtph264pay name=pay0 pt=96 config-interval=-1 aggregate-mode=zero-latency )' % (pattern, w, h, fps, gop, kbps))
if method != 'none':
  auth = GstRtspServer.RTSPAuth(); token = GstRtspServer.RTSPToken(); token.set_string('media.factory.role', 'user')
  auth.add_digest(user, password, token); auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
  auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST if method == 'digest' else GstRtsp.RTSPAuthMethod.BASIC)
  server.set_auth(auth)
  perm = GstRtspServer.RTSPPermissions()
  perm.add_permission_for_role('user', 'media.factory.access', True); perm.add_permission_for_role('user', 'media.factory.construct', True)
  f.set_permissions(perm)
server.get_mount_points().add_factory('/' + path, f)
server.attach(None)
print('listening', flush=True)
GLib.MainLoop().run()
`;

export interface RtspSource {
  url: string;
  port: number;
  /** Kills the server (a camera going away). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

export interface RtspSourceOptions {
  port?: number;
  path?: string;
  width?: number;
  height?: number;
  fps?: number;
  gop?: number;
  /** videotestsrc pattern: ball (cheap, ~90 kbit/s) or e.g. snow (the encoder reaches `kbps`). */
  pattern?: string;
  kbps?: number;
  /** Require this user and password (the URL then carries them), by Basic or Digest. */
  auth?: { method: 'basic' | 'digest'; user: string; password: string };
}

export async function startRtspSource(opts: RtspSourceOptions = {}): Promise<RtspSource> {
  const port = opts.port ?? (await freePort());
  const p = opts.path ?? 'x';
  const args = [
    String(port),
    p,
    String(opts.width ?? 320),
    String(opts.height ?? 240),
    String(opts.fps ?? 15),
    String(opts.gop ?? 15),
    opts.pattern ?? 'ball',
    String(opts.kbps ?? 300),
    opts.auth?.method ?? 'none',
    opts.auth?.user ?? '',
    opts.auth?.password ?? '',
  ];
  let child: ChildProcess | null = null;
  const source: RtspSource = {
    url: `rtsp://${opts.auth ? `${encodeURIComponent(opts.auth.user)}:${encodeURIComponent(opts.auth.password)}@` : ''}127.0.0.1:${port}/${p}`,
    port,
    async start() {
      const c = spawn('/usr/bin/python3', ['-c', SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      let err = '';
      c.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
      await new Promise<void>((resolve, reject) => {
        c.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
        c.once('exit', (code) => reject(new Error(`RTSP test server exited (${code}): ${err}`)));
      });
    },
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
    },
  };
  await source.start();
  return source;
}
