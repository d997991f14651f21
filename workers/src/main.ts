import { closeContext, contextOrExit } from '@pkk/platform/context';
import { onShutdown } from '@pkk/platform/infra/lifecycle';
import { startWorkers } from './runner.ts';

/** Entry point of the workers role. */
async function main(): Promise<void> {
  const ctx = contextOrExit();
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
