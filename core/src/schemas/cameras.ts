import { z } from 'zod';
import { kecamatanCode, kelurahanCode } from '../config/codes.ts';

/**
 * Cameras and live views: the shapes the api, the media role and the web app share. An RTSP URL
 * (which carries the camera's credentials) is accepted on write and never sent back: replies say only
 * which streams exist.
 */

export const cameraPlacement = z.enum(['desks', 'hall', 'entrance']);
export type CameraPlacement = z.infer<typeof cameraPlacement>;

/** always: pulled all the time (snapshots, instant start). on_demand: pulled while watched, stopped after an idle window. */
export const pullMode = z.enum(['always', 'on_demand']);
export type PullMode = z.infer<typeof pullMode>;

export const streamKind = z.enum(['main', 'sub']);
export type StreamKind = z.infer<typeof streamKind>;

export const transport = z.enum(['webrtc', 'fmp4', 'hls']);
export type Transport = z.infer<typeof transport>;

const rtspUrl = z
  .string()
  .max(1000)
  .refine((s) => /^rtsps?:\/\/[^\s/]+/i.test(s), { message: 'expected an rtsp:// or rtsps:// URL' });

/** A point on the camera image, as fractions of its width and height (0..1), so zones survive a resolution change. */
export const imagePoint = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);
export const deskZone = z.object({
  desk: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/)
    .max(40),
  polygon: z.array(imagePoint).min(3).max(32),
});
export type DeskZone = z.infer<typeof deskZone>;

export const cameraHealth = z.object({
  state: z.enum(['online', 'offline', 'idle', 'connecting']),
  /** Epoch ms of the latest frame the media node received. */
  lastFrameAt: z.number().int().nullable(),
  /** Epoch ms since when the state holds. */
  since: z.number().int().nullable(),
  bitrateKbps: z.number().nullable(),
  reconnects: z.number().int(),
  lastError: z.string().nullable(),
  node: z.string().nullable(),
});
export type CameraHealth = z.infer<typeof cameraHealth>;

export const camera = z.object({
  id: z.string().uuid(),
  kelurahanCode,
  kecamatanCode,
  name: z.string(),
  placement: cameraPlacement,
  pullMode,
  enabled: z.boolean(),
  hasSubStream: z.boolean(),
  zones: z.array(deskZone),
  health: cameraHealth,
  /** Relative URL of the latest snapshot (JPEG), null until one is taken. */
  snapshotUrl: z.string().nullable(),
  snapshotAt: z.number().int().nullable(),
});
export type Camera = z.infer<typeof camera>;

export const cameraCreateRequest = z.object({
  kelurahanCode,
  name: z.string().trim().min(1).max(80),
  placement: cameraPlacement,
  rtspMain: rtspUrl,
  rtspSub: rtspUrl.optional(),
  pullMode: pullMode.default('always'),
  enabled: z.boolean().default(true),
});
export type CameraCreateRequest = z.infer<typeof cameraCreateRequest>;

export const cameraUpdateRequest = z
  .object({
    name: z.string().trim().min(1).max(80),
    placement: cameraPlacement,
    rtspMain: rtspUrl,
    rtspSub: rtspUrl.nullable(),
    pullMode,
    enabled: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });

export const cameraZonesRequest = z.object({ zones: z.array(deskZone).max(16) });

export const camerasResponse = z.object({ serverNow: z.number().int(), items: z.array(camera) });
export const cameraResponse = z.object({ camera });

export const playRequest = z.object({
  stream: streamKind.default('sub'),
});

/**
 * What a browser needs to play one camera once: URLs on the owning media node, signed, to be used
 * within minutes; the first one used opens the one view they grant.
 */
export const playResponse = z.object({
  viewId: z.string().uuid(),
  cameraId: z.string().uuid(),
  stream: streamKind,
  node: z.string(),
  expiresAt: z.number().int(),
  /** WHEP endpoint: POST an SDP offer (application/sdp), get the answer; DELETE the Location to end. */
  whepUrl: z.string(),
  /** WebSocket: first message the fMP4 init segment, then media fragments. */
  wsUrl: z.string(),
  /** HLS playlist for hls.js. */
  hlsUrl: z.string(),
  /** ICE servers (STUN/TURN) for networks that block direct UDP. */
  iceServers: z.array(
    z.object({
      urls: z.union([z.string(), z.array(z.string())]),
      username: z.string().optional(),
      credential: z.string().optional(),
    }),
  ),
});
export type PlayResponse = z.infer<typeof playResponse>;

export const liveView = z.object({
  viewId: z.string().uuid(),
  cameraId: z.string().uuid(),
  cameraName: z.string(),
  kelurahanCode,
  userId: z.string(),
  username: z.string(),
  stream: streamKind,
  transport: transport.nullable(),
  node: z.string(),
  /** When the play URL was handed out, when media first flowed, when the viewer left (null while watching). */
  issuedAt: z.number().int(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
});
export type LiveView = z.infer<typeof liveView>;
export const liveViewsResponse = z.object({ items: z.array(liveView), total: z.number().int() });

/** GET /api/v1/cameras: offices to list (within the caller's area). */
export const camerasQuery = z.object({
  kelurahan: kelurahanCode.optional(),
  kecamatan: kecamatanCode.optional(),
});

/** GET /api/v1/live-views: who watched what, newest first. `user` is a user id or a username. */
export const liveViewsQuery = z.object({
  camera: z.string().uuid().optional(),
  user: z.string().min(1).max(80).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type LiveViewsQuery = z.infer<typeof liveViewsQuery>;
