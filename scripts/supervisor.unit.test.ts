import { afterEach, describe, expect, it } from 'vitest';
import { RoleSupervisor } from './supervisor.ts';

/**
 * The launcher's supervisor with real child processes (plain node, no TypeScript to load): how soon a
 * killed role runs again, that a spare takes over at once, and that nothing is left after a stop.
 */

/** A role: prints its state and stays up. As a spare (STANDBY=1) it waits for SIGUSR2 first. */
const ROLE = `
const up = () => { console.log('running ' + process.pid); setInterval(() => {}, 1000); };
if (process.env.STANDBY === '1') { console.log('waiting ' + process.pid); process.once('SIGUSR2', up); setInterval(() => {}, 1000); }
else up();
`;

const alive = (pid: number | null) => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(f: () => T | null | undefined | false, ms = 10_000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (performance.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let sup: RoleSupervisor | null = null;
afterEach(async () => {
  await sup?.stopAll(2_000);
  sup = null;
});

function supervisor(lines: string[], opts: { spareDelayMs?: number; maxCrashes?: number } = {}) {
  const gaveUp: string[] = [];
  sup = new RoleSupervisor({
    say: (m) => lines.push(m),
    onGiveUp: (_r, reason) => gaveUp.push(reason),
    ...opts,
  });
  return { sup, gaveUp };
}

const start = (s: RoleSupervisor, standby = false) =>
  s.start('api', process.execPath, ['-e', ROLE], { stdio: 'ignore', env: { ...process.env } }, { standby });

describe('RoleSupervisor', () => {
  it('starts a killed role again after half a second, and counts it', async () => {
    const lines: string[] = [];
    const { sup: s } = supervisor(lines);
    const first = start(s).pid!;
    await until(() => alive(first));
    const killedAt = performance.now();
    process.kill(first, 'SIGKILL');
    const second = await until(() => (s.pid('api') !== first ? s.pid('api') : null));
    const after = performance.now() - killedAt;
    expect(after).toBeGreaterThanOrEqual(450);
    expect(after).toBeLessThan(3_000);
    expect(alive(second)).toBe(true);
    expect(s.restarts.api).toBe(1);
    expect(lines.join('\n')).toMatch(/api exited \(SIGKILL\); restarting in 0\.5 s/);
  });

  it('hands a killed role over to its waiting spare, then starts a new spare', async () => {
    const lines: string[] = [];
    const { sup: s } = supervisor(lines, { spareDelayMs: 100 });
    const first = start(s, true).pid!;
    const spare = await until(() => s.sparePid('api'));
    expect(spare).not.toBe(first);
    process.kill(first, 'SIGKILL');
    // The spare itself becomes the role: no new process had to load anything.
    await until(() => s.pid('api') === spare);
    expect(alive(spare)).toBe(true);
    expect(lines.join('\n')).toMatch(/api restarted \(pid \d+, the waiting spare\)/);
    const next = await until(() => s.sparePid('api'));
    expect([first, spare]).not.toContain(next);
  });

  it('starts a cold process when the spare is gone', async () => {
    const { sup: s } = supervisor([], { spareDelayMs: 100 });
    const first = start(s, true).pid!;
    const spare = await until(() => s.sparePid('api'));
    process.kill(spare, 'SIGKILL');
    process.kill(first, 'SIGKILL');
    const next = await until(() => (s.pid('api') !== first ? s.pid('api') : null));
    expect(next).not.toBe(spare);
    expect(alive(next)).toBe(true);
  });

  it('gives up on a role that keeps dying', async () => {
    const { sup: s, gaveUp } = supervisor([], { maxCrashes: 2 });
    s.start('api', process.execPath, ['-e', 'process.exit(3)'], { stdio: 'ignore' });
    await until(() => gaveUp.length > 0);
    expect(gaveUp[0]).toMatch(/api exited 2 times within 60 s \(last: code 3\); giving up/);
  });

  it('stops the role and its spare', async () => {
    const { sup: s } = supervisor([], { spareDelayMs: 50 });
    const first = start(s, true).pid!;
    const spare = await until(() => s.sparePid('api'));
    await s.stopAll(2_000);
    sup = null;
    expect(alive(first)).toBe(false);
    expect(alive(spare)).toBe(false);
  });
});
