import { createRequire } from 'node:module';
import { z } from 'zod';

/**
 * The node-media-server process (RTMP pushes from encoders and NVRs), run as a child of the media
 * role: one of its sessions has crashed the whole server before, and that must not take the camera
 * pulls and viewers down with it. Its settings come from the parent, validated here.
 */
const env = z
  .object({
    NMS_BIND: z.string().default('127.0.0.1'),
    NMS_RTMP_PORT: z.coerce.number().int().min(1).max(65535),
    NMS_STORE_DIR: z.string().min(1),
  })
  .parse(process.env);

interface Nms {
  run(): Promise<void>;
  stop(): Promise<void>;
}
// No type declarations ship with node-media-server: only the two calls used here are typed.
const NodeMediaServer = createRequire(import.meta.url)('node-media-server') as new (config: unknown) => Nms;

const nms = new NodeMediaServer({
  bind: env.NMS_BIND,
  rtmp: { port: env.NMS_RTMP_PORT, chunk_size: 60000, gop_cache: true, ping: 30, ping_timeout: 60 },
  webadmin: { enable: false },
  store: { path: env.NMS_STORE_DIR },
});
await nms.run();
const stop = () => void nms.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
