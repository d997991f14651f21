import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@pkk/platform/config/paths';

const web = path.join(repoRoot, 'web');
const dist = path.join(web, 'dist', 'index.html');
/** What a build depends on: sources, static files, the build configuration, and core's types. */
const INPUTS = ['src', 'public', 'build', 'index.html', 'vite.config.ts', 'package.json'];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const e of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Whether web/dist is missing or older than anything it is built from. */
export function webBuildStale(): boolean {
  if (!existsSync(dist)) return true;
  const built = statSync(dist).mtimeMs;
  return INPUTS.some((i) => newestMtime(path.join(web, i)) > built);
}

/**
 * Builds the web app once when it is missing or stale, so that a fresh clone's `npm test` works.
 * Test files run in parallel: the first takes a lock (an exclusive create) and builds; the others wait
 * for it, then check again.
 */
export function ensureWebBuilt(): void {
  if (!webBuildStale()) return;
  const lockDir = path.join(repoRoot, 'var', 'e2e');
  mkdirSync(lockDir, { recursive: true });
  const lock = path.join(lockDir, 'web-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    let fd: number | null = null;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Another worker builds; a lock older than the deadline is a crashed build's.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another web build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
      if (!webBuildStale()) return;
      continue;
    }
    try {
      if (!webBuildStale()) return;
      execFileSync(
        process.execPath,
        [path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
        {
          cwd: web,
          stdio: 'inherit',
          // Under vitest NODE_ENV is "test", which would give a development build (no service worker).
          env: { ...process.env, NODE_ENV: 'production' },
        },
      );
      return;
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
}
