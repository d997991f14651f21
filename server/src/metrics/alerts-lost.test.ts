import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAlertsLost } from '@pkk/platform/alerts/lost';
import { testApi } from '../testing/context.ts';

/** The workers' reconciler counts reach the api's /metrics (the workers have no HTTP server). */
let t: Awaited<ReturnType<typeof testApi>>;
beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t?.dispose());

describe('pkk_alerts_lost', () => {
  it('shows what the last reconcile round found lost, and every round so far', async () => {
    const scrape = async () => (await fetch(t.metricsUrl)).text();
    expect(await scrape()).toMatch(/^pkk_alerts_lost\{step="findings"\} 0$/m);
    await recordAlertsLost(t.ctx, { findings: 2, repeats: 0, targets: 1 });
    await recordAlertsLost(t.ctx, { findings: 0, repeats: 0, targets: 1 });
    const text = await scrape();
    expect(text).toMatch(/^pkk_alerts_lost\{step="findings"\} 0$/m);
    expect(text).toMatch(/^pkk_alerts_lost\{step="targets"\} 1$/m);
    expect(text).toMatch(/^pkk_alerts_lost_total\{step="findings"\} 2$/m);
    expect(text).toMatch(/^pkk_alerts_lost_total\{step="targets"\} 2$/m);
  });
});
