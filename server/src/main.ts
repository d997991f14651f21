import { closeContext, contextOrExit } from '@pkk/platform/context';
import { startApi } from './api/start.ts';
import { onShutdown } from '@pkk/platform/infra/lifecycle';

/** Entry point of the api role: `ROLE=api node --import tsx server/src/main.ts`. */
async function main(): Promise<void> {
  const ctx = contextOrExit();
  const api = await startApi(ctx);
  onShutdown(async (reason) => {
    ctx.log.info({ reason }, 'api stopping');
    await api.close();
    await closeContext(ctx);
  });
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
