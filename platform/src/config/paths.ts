import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function configDir(fromEnv: string): string {
  return fromEnv ? path.resolve(fromEnv) : path.join(repoRoot, 'config');
}

export function varDir(fromEnv: string): string {
  return fromEnv ? path.resolve(fromEnv) : path.join(repoRoot, 'var');
}
