import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleRoles } from './bundle.ts';

const root = path.resolve(import.meta.dirname, '..');
const out = mkdtempSync(path.join(os.tmpdir(), 'pkk-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('bundleRoles', () => {
  it('builds a role that runs with plain node, its packages and import.meta as under tsx', async () => {
    const entry = 'scripts/fixtures/bundle-entry.ts';
    const said: string[] = [];
    const commands = await bundleRoles([{ name: 'api', entry }], {
      repoRoot: root,
      outDir: out,
      say: (m) => said.push(m),
    });
    expect(said).toEqual([]);
    const cmd = commands.get('api')!;
    expect(cmd.bundle).toBe(path.join(out, 'api.mjs'));
    expect(cmd.args).toEqual([cmd.bundle]);
    const bundle = readFileSync(cmd.bundle!, 'utf8');
    // Packages stay outside, named by the file Node would load; the project's code is inside.
    expect(bundle).toMatch(/from "file:\/\/\/[^"]*\/node_modules\/zod\/[^"]*"/);
    expect(bundle).toContain('"api"');
    const printed = JSON.parse(execFileSync(process.execPath, cmd.args, { cwd: os.tmpdir() }).toString()) as {
      url: string;
      dirname: string;
      zod: boolean;
      roles: number;
    };
    expect(printed).toEqual({
      url: pathToFileURL(path.join(root, entry)).href,
      dirname: path.join(root, 'scripts/fixtures'),
      zod: true,
      roles: 4,
    });
  }, 60_000);

  it('falls back to tsx, saying why, when a role does not build', async () => {
    const said: string[] = [];
    const commands = await bundleRoles([{ name: 'api', entry: 'scripts/fixtures/missing.ts' }], {
      repoRoot: root,
      outDir: out,
      say: (m) => said.push(m),
    });
    expect(commands.get('api')).toEqual({
      args: ['--import', 'tsx', 'scripts/fixtures/missing.ts'],
      bundle: null,
    });
    expect(said.join('\n')).toMatch(/run through tsx: bundling failed/);
  }, 60_000);
});
