import { closeContext, createContext } from './context.ts';
import { startApi } from './api/start.ts';
import { ConfigError } from './config/policy.ts';
import { onShutdown } from './infra/lifecycle.ts';

/** Entry point of the api role: `ROLE=api node --import tsx server/src/main.ts`. */
async function main(): Promise<void> {
  let ctx;
  try {
    ctx = createContext();
  } catch (err) {
    // Bad config stops start-up with the file, key and reason, not a stack trace.
    console.error(err instanceof ConfigError ? err.message : `cannot start: ${(err as Error).message}`);
    process.exit(78);
  }
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
