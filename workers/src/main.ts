import { closeContext, createContext } from '@pkk/server/context';
import { ConfigError } from '@pkk/server/config/policy';
import { onShutdown } from '@pkk/server/infra/lifecycle';
import { startWorkers } from './runner.ts';

/** Entry point of the workers role. */
async function main(): Promise<void> {
  let ctx;
  try {
    ctx = createContext();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `cannot start: ${(err as Error).message}`);
    process.exit(78);
  }
  const workers = await startWorkers(ctx);
  ctx.log.info({ queues: [...workers.queues.keys()] }, 'workers ready');
  onShutdown(async () => {
    await workers.close();
    await closeContext(ctx);
  });
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
