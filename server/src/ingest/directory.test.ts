import { randomBytes } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digest } from '@pkk/platform/auth/secrets';
import { testContext } from '../testing/context.ts';
import { syncRegistry } from '../db/seed.ts';
import { Directory } from './directory.ts';

/**
 * Issue 18 §2: the look-up cache grew by one entry per unknown serial or key tried, each with a
 * query. A flood of made-up credentials must cost neither memory nor queries beyond a bound.
 */
const KEL = '16.71.01.1001';
let ctx: Awaited<ReturnType<typeof testContext>>;
let queries = 0;
/** Counts the statements the directory sends. */
const counting: KyselyPlugin = {
  transformQuery: (args) => {
    queries++;
    return args.node;
  },
  transformResult: async (args) => args.result,
};
const KEY = 'dk_known-json-device-key';

beforeAll(async () => {
  ctx = await testContext();
  await syncRegistry(ctx.db, ctx.policy);
  await ctx.db
    .insertInto('devices')
    .values([
      { kelurahan_code: KEL, kind: 'attendance', name: 'adms', protocol: 'adms', serial: 'KNOWN0001' },
      { kelurahan_code: KEL, kind: 'queue', name: 'kiosk', protocol: 'json', key_hash: digest(KEY) },
    ])
    .execute();
});
afterAll(() => ctx.dispose());

const randomSerial = () => `SN${randomBytes(8).toString('hex')}`;
const randomKey = () => `dk_${randomBytes(24).toString('base64url')}`;

describe('device look-ups under a flood of unknown credentials', () => {
  it('hold one copy of the devices table and read it once per TTL, whatever is asked', async () => {
    const dir = new Directory(ctx.db.withPlugin(counting), { ttlMs: 60_000 });
    queries = 0;
    // Concurrent look-ups share one read.
    const first = await Promise.all([
      dir.deviceBySerial('KNOWN0001'),
      ...Array.from({ length: 200 }, () => dir.deviceBySerial(randomSerial())),
    ]);
    expect(first[0]).toMatchObject({ serial: 'KNOWN0001', protocol: 'adms', confirmed: false });
    expect(first.slice(1).every((d) => d === null)).toBe(true);
    for (let i = 0; i < 5_000; i++) {
      expect(await dir.deviceBySerial(randomSerial())).toBeNull();
      expect(await dir.deviceByKey(randomKey())).toBeNull();
    }
    expect(queries).toBe(1);
    expect(dir.size()).toEqual({ devices: 1, officers: 0 });
    expect(await dir.deviceByKey(KEY)).toMatchObject({ name: 'kiosk', confirmed: true });
    expect(queries).toBe(1);
  });

  it('bound the reads by time, not by requests, and see a new device at once after a change', async () => {
    const ttlMs = 50;
    const dir = new Directory(ctx.db.withPlugin(counting), { ttlMs });
    queries = 0;
    const started = performance.now();
    let asked = 0;
    while (performance.now() - started < 500) {
      await Promise.all(Array.from({ length: 50 }, () => dir.deviceBySerial(randomSerial())));
      asked += 50;
    }
    const elapsed = performance.now() - started;
    expect(asked).toBeGreaterThan(500);
    expect(queries).toBeLessThanOrEqual(Math.ceil(elapsed / ttlMs) + 1);

    const slow = new Directory(ctx.db, { ttlMs: 60_000 });
    expect(await slow.deviceBySerial('NEW000001')).toBeNull();
    await ctx.db
      .insertInto('devices')
      .values({ kelurahan_code: KEL, kind: 'attendance', name: 'new', protocol: 'adms', serial: 'NEW000001' })
      .execute();
    // The registering node invalidates (others hear it on the registry channel).
    slow.invalidate();
    expect(await slow.deviceBySerial('NEW000001')).toMatchObject({ name: 'new' });
  });
});
