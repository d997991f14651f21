import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { processAlive as alive } from '@pkk/platform/infra/lifecycle';
import { freePort } from '@pkk/platform/infra/ports';
import { LoginPage } from './pages/login-page.ts';
import { closeApp, launchBrowser, openApp, VIEWPORTS } from './support/browser.ts';
import { launch, root, until } from './support/launcher.ts';

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe('npm start', () => {
  it('brings up PostgreSQL, Redis, api and workers, serves, and leaves nothing running after SIGTERM', async () => {
    const varDir = mkdtempSync(path.join(os.tmpdir(), 'pkk-start-'));
    chmodSync(varDir, 0o755); // as root the postgres user must pass through (mkdtemp makes it 0700)
    temp.push(varDir);
    const port = await freePort();
    const metricsPort = await freePort();
    const run = launch({
      SIM: 'off',
      DEMO: '1',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      MEDIA_METRICS_PORT: String(await freePort()),
      PG_PORT: String(await freePort()),
      REDIS_PORT: String(await freePort()),
      VAR_DIR: varDir,
      LOG_LEVEL: 'warn',
    });
    await until(
      () => /demo logins/.test(run.output()) || run.proc.exitCode !== null,
      'ready and the demo logins',
    );
    expect(run.output()).toMatch(/ready in \d+\.\d s/);
    expect(run.output()).toMatch(/demo logins/);
    expect(run.output()).toContain(`metrics: http://127.0.0.1:${metricsPort}/metrics (api)`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    // A browser signs in to the demo as it is (Secure session cookie, plain HTTP on loopback):
    // Chromium keeps it at 127.0.0.1 and at localhost alike.
    const { passwords } = JSON.parse(readFileSync(path.join(varDir, 'demo-credentials.json'), 'utf8')) as {
      passwords: Record<string, string>;
    };
    const browser = await launchBrowser();
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const app = await openApp(browser, `http://${host}:${port}`, VIEWPORTS.desktop);
        const login = new LoginPage(app.page);
        await login.open();
        await login.signIn('walikota', passwords.walikota!);
        await app.page.waitForURL((u) => u.pathname !== '/login');
        const me = await app.page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status));
        expect(me, host).toBe(200);
        await closeApp(app);
      }
    } finally {
      await browser.close();
    }
    const pids = JSON.parse(readFileSync(path.join(varDir, 'pids.json'), 'utf8')) as Record<
      string,
      number | null
    >;
    const all = Object.values(pids).filter((p): p is number => typeof p === 'number');
    expect(Object.keys(pids).sort()).toEqual(['api', 'launcher', 'media', 'postgres', 'redis', 'workers']);
    expect(all.every(alive)).toBe(true);

    // A crashed role is restarted, and so is a killed redis-server; the api stays up meanwhile.
    process.kill(pids.workers!, 'SIGKILL');
    await until(() => /workers restarted/.test(run.output()), 'the workers role to be restarted', 30_000);
    process.kill(pids.redis!, 'SIGKILL');
    await until(() => /redis-server restarted/.test(run.output()), 'redis-server to be restarted', 30_000);
    // The api ready again with Redis back.
    await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200), {
      timeout: 30_000,
      interval: 100,
    });
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    expect(metrics).toMatch(/pkk_role_restarts\{role="workers"\} 1/);
    const after = JSON.parse(readFileSync(path.join(varDir, 'pids.json'), 'utf8')) as Record<
      string,
      number | null
    >;
    expect(after.workers).not.toBe(pids.workers);
    expect(after.redis).not.toBe(pids.redis);
    const every = [
      ...new Set([...all, ...Object.values(after).filter((p): p is number => typeof p === 'number')]),
    ];

    run.proc.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    await until(
      () => !every.filter((p) => p !== pids.workers && p !== pids.redis).some(alive),
      'every child to exit',
      15_000,
    );
  }, 150_000);

  it('stops with the file, key and reason when a config file is invalid', async () => {
    const configDir = mkdtempSync(path.join(os.tmpdir(), 'pkk-badconfig-'));
    temp.push(configDir);
    cpSync(path.join(root, 'config'), configDir, { recursive: true });
    const file = path.join(configDir, 'thresholds.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('waitTargetMinutes: 30', 'waitTargetMinutes: -5'));
    const run = launch({ SIM: 'off', CONFIG_DIR: configDir, PORT: String(await freePort()) });
    expect(await run.exited).toBe(78);
    expect(run.output()).toContain(`config error in ${file} at queue.waitTargetMinutes`);
  });
});
