import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config/paths.ts';

/**
 * A folder of the shared corpus (`shared/` beside the repository, as CI checks it out; beside a
 * folder above it for a git worktree), or null when there is none.
 */
export function sharedDir(sub: string): string | null {
  for (let dir = repoRoot; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '..', 'shared', sub);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/** Alertmanager's own webhook bodies (shared/conformance/alertmanager/valid), read in place. */
export function alertmanagerSamples(): Record<string, unknown>[] {
  const dir = sharedDir('conformance/alertmanager/valid');
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>);
}
