import { closeContext, contextOrExit } from '@pkk/platform/context';
import { onShutdown } from '@pkk/platform/infra/lifecycle';
import { migrateToLatest } from '@pkk/platform/db/migrate';
import { startMedia } from './start.ts';

/**
 * Entry point of the media role: `ROLE=media node --import tsx media/src/main.ts`.
 * (The WHEP router joins through startMedia's `routers` option once media/src/webrtc/whep.ts is in.)
 */
async function main(): Promise<void> {
  const ctx = contextOrExit();
  // The api migrates too (advisory lock): a media node started first must find its tables.
  await migrateToLatest(ctx.db);
  const media = await startMedia(ctx);
  onShutdown(async (reason) => {
    ctx.log.info({ reason }, 'media stopping');
    await media.close();
    await closeContext(ctx);
  });
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
