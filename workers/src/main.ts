import { closeContext, contextOrExit } from '@pkk/platform/context';
import { onShutdown } from '@pkk/platform/infra/lifecycle';
import { migrateToLatest } from '@pkk/platform/db/migrate';
import { startWorkers } from './runner.ts';

/** Entry point of the workers role. */
async function main(): Promise<void> {
  const ctx = contextOrExit();
  // The api migrates too; the advisory lock makes it once. Workers started first must not run
  // passes against tables that are not there yet.
  await migrateToLatest(ctx.db);
  const workers = await startWorkers(ctx);
  ctx.log.info({ queues: workers.queues }, 'workers ready');
  onShutdown(async () => {
    await workers.close();
    await closeContext(ctx);
  });
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
