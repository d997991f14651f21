import { closeContext, contextOrExit } from '@pkk/platform/context';
import { mediaKeys } from '@pkk/platform/media/keys';
import { startApi } from './api/start.ts';
import { onShutdown } from '@pkk/platform/infra/lifecycle';
import { standbyUntilCalled } from '@pkk/platform/infra/standby';

/** Entry point of the api role: `ROLE=api node --import tsx server/src/main.ts`. */
async function main(): Promise<void> {
  // A spare kept by the launcher waits here, its code loaded, until the running one dies.
  await standbyUntilCalled();
  const ctx = contextOrExit();
  try {
    const { insecureDefaults } = mediaKeys(ctx.env);
    if (insecureDefaults.length)
      ctx.log.warn(
        { keys: insecureDefaults },
        `${insecureDefaults.join(' and ')} not set: using a publicly known development key (never in production)`,
      );
  } catch (err) {
    // Without the keys no camera URL can be sealed or opened and no play token signed.
    console.error(`cannot start: ${(err as Error).message}`);
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
