import { closeContext, contextOrExit } from '@pkk/platform/context';
import { onShutdown } from '@pkk/platform/infra/lifecycle';
import { standbyUntilCalled } from '@pkk/platform/infra/standby';
import { migrateToLatest } from '@pkk/platform/db/migrate';
import { startMedia } from './start.ts';
import { webrtcOn } from './webrtc/mount.ts';

/**
 * Entry point of the media role: `ROLE=media node --import tsx media/src/main.ts`.
 */
async function main(): Promise<void> {
  // A spare kept by the launcher waits here, its code loaded, until the running one dies.
  await standbyUntilCalled();
  const ctx = contextOrExit();
  // The api migrates too (advisory lock): a media node started first must find its tables.
  await migrateToLatest(ctx.db);
  const webrtc = webrtcOn(ctx.env);
  const media = await startMedia(ctx, { routers: [webrtc.router] });
  onShutdown(async (reason) => {
    ctx.log.info({ reason }, 'media stopping');
    await webrtc.close();
    await media.close();
    await closeContext(ctx);
  });
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
