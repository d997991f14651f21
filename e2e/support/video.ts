import path from 'node:path';
import type { Camera, CameraPlacement } from '@pkk/core';
import type { Context } from '@pkk/platform/context';
import { createContext, closeContext } from '@pkk/platform/context';
import { repoRoot } from '@pkk/platform/config/paths';
import { startMedia, type RunningMedia } from '@pkk/media/start';
import { webrtcOn } from '@pkk/media/webrtc/mount';
import { ensureClip } from '@pkk/sim/cameras/clips';
import { cameraPath, clipSpecOf, type SimCamera } from '@pkk/sim/cameras/plan';
import { startCameraServer, type CameraServer } from '@pkk/sim/cameras/rtsp-server';

/**
 * Live video for a browser test's stack: the simulator's RTSP cameras (GStreamer, looping clips made
 * once and kept under var/e2e/clips) for the given offices, and a media node of the stack's
 * deployment (same schema, Redis prefix and keys) on the port MEDIA_NODES names.
 */
export interface StackVideo {
  rtspPort: number;
  /** rtsp://… of an office camera's stream, n = 1 (desks), 2 (hall), 3 (entrance). */
  url(kelurahan: string, n: number, stream: 'main' | 'sub'): string;
  cameras: CameraServer;
  media: RunningMedia;
  stop(): Promise<void>;
}

const CLIP_DIR = path.join(repoRoot, 'var', 'e2e', 'clips');

export async function startVideo(
  ctx: Context,
  schema: string,
  offices: { code: string; name: string }[],
  mediaPort: number,
): Promise<StackVideo> {
  // Each office's desk and hall cameras (n = 1, 2), whatever the simulator's plan would draw.
  const wanted: SimCamera[] = offices.flatMap((k) =>
    (['desks', 'hall'] as const).map((placement, i) => ({
      kelurahanCode: k.code,
      kelurahanName: k.name,
      n: i + 1,
      placement,
      name: `Kamera ${i + 1}`,
      mainPath: cameraPath(k.code, i + 1, 'main'),
      subPath: cameraPath(k.code, i + 1, 'sub'),
    })),
  );
  const mounts = [];
  for (const c of wanted) {
    const files = await ensureClip(clipSpecOf(c, 2), { dir: CLIP_DIR });
    mounts.push({ path: c.mainPath, file: files.main }, { path: c.subPath, file: files.sub });
  }
  const log = (level: string, msg: string) => level === 'error' && console.error(`[e2e cameras] ${msg}`);
  const cameras = await startCameraServer({ port: 0, mounts, log });
  const mediaCtx = createContext({ env: { ...ctx.env, ROLE: 'media' }, schema });
  const webrtc = webrtcOn(mediaCtx.env);
  const media = await startMedia(mediaCtx, { port: mediaPort, routers: [webrtc.router] });
  return {
    rtspPort: cameras.port,
    url: (k, n, stream) => cameras.url(cameraPath(k, n, stream)),
    cameras,
    media,
    async stop() {
      webrtc.close();
      await media.close();
      await closeContext(mediaCtx);
      await cameras.stop();
    },
  };
}

/** Registers one of an office's simulated cameras (n = 1 desks, 2 hall) through the api, as an operator would. */
export async function addSimCamera(
  stack: { url: string; video: StackVideo | null },
  cookie: string,
  o: { kelurahanCode: string; n: number; name: string; placement: CameraPlacement },
): Promise<Camera> {
  const res = await fetch(`${stack.url}/api/v1/cameras`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      kelurahanCode: o.kelurahanCode,
      name: o.name,
      placement: o.placement,
      rtspMain: stack.video!.url(o.kelurahanCode, o.n, 'main'),
      rtspSub: stack.video!.url(o.kelurahanCode, o.n, 'sub'),
    }),
  });
  const body = (await res.json()) as { camera: Camera };
  if (res.status !== 201)
    throw new Error(`camera of ${o.kelurahanCode}: ${res.status} ${JSON.stringify(body)}`);
  return body.camera;
}
