import { Registry, type PolicyConfig } from '@pkk/core';
import { loadPolicy } from '@pkk/platform/config/policy';
import { configDir } from '@pkk/platform/config/paths';

/** The repository's own config, loaded once per test file. */
let cached: { policy: PolicyConfig; registry: Registry } | null = null;

export function testPolicy(): { policy: PolicyConfig; registry: Registry } {
  if (!cached) {
    const policy = loadPolicy(configDir(''), {});
    cached = { policy, registry: new Registry(policy) };
  }
  return cached;
}
