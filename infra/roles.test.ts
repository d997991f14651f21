import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envSchema } from '@pkk/platform/config/env';
import { cycleChecks } from '../scripts/cycles.ts';
import { launcherEnv } from '../scripts/launcher-env.ts';
import { ROLES } from '../scripts/roles.ts';

/** The roles are listed once, in scripts/roles.ts; what runs or checks them takes the list from there. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('the roles registry', () => {
  it('names an entry that exists for every role, and every role is a ROLE a process accepts', () => {
    for (const r of ROLES) {
      expect(existsSync(path.join(root, r.entry)), r.entry).toBe(true);
      expect(envSchema.parse({ ROLE: r.name }).ROLE).toBe(r.name);
    }
  });

  it('is what lint checks for import cycles: every role entry', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.lint).toContain('scripts/cycles.ts');
    expect(pkg.scripts.lint).not.toMatch(/dpdm .*main\.ts/);
    const roleRun = cycleChecks().find((args) => args.includes(ROLES[0]!.entry))!;
    expect(roleRun.filter((a) => a.endsWith('.ts'))).toEqual(ROLES.map((r) => r.entry));
  });

  it('gives npm start an on/off switch for every role that can be left out, on by default', () => {
    const defaults = launcherEnv.parse({});
    for (const r of ROLES.filter((x) => x.switch)) {
      expect(defaults[r.switch!], r.name).toBe('on');
      expect(launcherEnv.parse({ [r.switch!]: 'off' })[r.switch!], r.name).toBe('off');
    }
  });
});
