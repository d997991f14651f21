import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@pkk/platform/infra/logger';
import { describeEvent, ManagedProcess, type ManagedProcessEvent } from '@pkk/platform/infra/managed-process';

/**
 * RTMP ingest (node-media-server) in a supervised child process: restarted with backoff when it
 * dies, killed with the media process. Off when the port is 0.
 */
export function rtmpIngest(opts: {
  port: number;
  bind: string;
  dir: string;
  log: Logger;
  onEvent?(e: ManagedProcessEvent): void;
}): ManagedProcess | null {
  if (!opts.port) return null;
  const child = fileURLToPath(new URL('./nms-child.ts', import.meta.url));
  return new ManagedProcess({
    name: 'node-media-server',
    command: process.execPath,
    args: ['--import', 'tsx', child],
    spawn: {
      cwd: path.dirname(child),
      env: { ...process.env, NMS_BIND: opts.bind, NMS_RTMP_PORT: String(opts.port), NMS_STORE_DIR: opts.dir },
    },
    ready: /Rtmp Server listening/,
    readyTimeoutMs: 30_000,
    log: (e) => {
      opts.log.warn(describeEvent('node-media-server', e));
      opts.onEvent?.(e);
    },
  });
}
