import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { envSchema } from '@pkk/platform/config/env';
import { roleDef } from '../scripts/roles.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
type Service = {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown>;
  build?: { dockerfile: string };
};
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const known = new Set([
  ...Object.keys(envSchema.shape),
  'SIM_API_URL',
  'SIM_SEED',
  'SIM_SPEED',
  'SIM_SCENARIO',
]);

describe('docker-compose.yml', () => {
  it('runs api, workers, media and sim on the official postgres and redis images', () => {
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(['api', 'media', 'postgres', 'redis', 'sim', 'workers']);
    expect(s.postgres!.image).toMatch(/^postgres:\d+/);
    expect(s.redis!.image).toMatch(/^redis:\d+/);
    // One entry for every role; ROLE picks it from the roles registry.
    for (const role of ['api', 'workers', 'media', 'sim']) {
      expect(s[role]!.command).toEqual(['node', '--import', 'tsx', 'scripts/role.ts']);
      expect(existsSync(path.join(root, s[role]!.build!.dockerfile))).toBe(true);
      const def = roleDef(role);
      expect(def, role).toBeDefined();
      expect(existsSync(path.join(root, def!.entry))).toBe(true);
    }
  });

  it('gives every role the same database and Redis, by service name, with variables the code reads', () => {
    for (const role of ['api', 'workers', 'media', 'sim']) {
      const env = compose.services[role]!.environment!;
      expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.ROLE).toBe(role);
      for (const key of Object.keys(env)) expect(known, `${role}: ${key}`).toContain(key);
      // And the values parse with the same schema the roles validate their environment with.
      const parsed = envSchema.safeParse({ ...env, DEMO: '1', SIM_API_TOKEN: 'x'.repeat(40) });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    expect(compose.services.sim!.environment!.SIM_API_URL).toBe('http://api:8080');
  });

  it('scales to two media nodes that the api and each other list alike', () => {
    const scale = parse(readFileSync(path.join(root, 'infra/compose.scale.yml'), 'utf8'), {
      customTags: [
        { tag: '!reset', resolve: () => [] },
        { tag: '!override', resolve: (v: string) => v },
      ],
    }) as { services: Record<string, Service> };
    const nodes = scale.services.api!.environment!.MEDIA_NODES!;
    expect(nodes.split(',').map((n) => n.split('=')[0])).toEqual(['media-1', 'media-2']);
    expect(scale.services.media!.environment!.MEDIA_NODES).toBe(nodes);
    expect(scale.services['media-2']!.environment).toMatchObject({
      MEDIA_NODE_ID: 'media-2',
      MEDIA_NODES: nodes,
    });
  });
});

describe('kubernetes manifests', () => {
  it('deploy api and workers with probes on /readyz and /healthz', () => {
    const docs = parseAllDocuments(readFileSync(path.join(root, 'infra/k8s/pkk.yaml'), 'utf8')).map(
      (d) =>
        d.toJSON() as {
          kind: string;
          metadata: { name: string };
          spec?: {
            template?: {
              spec: { containers: { readinessProbe?: { httpGet: { path: string } }; command: string[] }[] };
            };
          };
        },
    );
    const deployments = docs.filter((d) => d.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['pkk-api', 'pkk-workers']);
    const api = deployments.find((d) => d.metadata.name === 'pkk-api')!.spec!.template!.spec.containers[0]!;
    expect(api.readinessProbe!.httpGet.path).toBe('/readyz');
  });

  it('runs media nodes as a StatefulSet whose pod names are the ids MEDIA_NODES lists, each with its ingress host', () => {
    type Doc = {
      kind: string;
      metadata: { name: string };
      data?: Record<string, string>;
      spec?: Record<string, unknown>;
    };
    const docs = parseAllDocuments(readFileSync(path.join(root, 'infra/k8s/pkk.yaml'), 'utf8')).map(
      (d) => d.toJSON() as Doc,
    );
    const media = docs.find((d) => d.kind === 'StatefulSet' && d.metadata.name === 'pkk-media')!;
    const spec = media.spec as {
      replicas: number;
      template: {
        spec: {
          hostNetwork: boolean;
          containers: {
            env: { name: string; value?: string; valueFrom?: { fieldRef: { fieldPath: string } } }[];
          }[];
        };
      };
    };
    const env = spec.template.spec.containers[0]!.env;
    expect(env.find((e) => e.name === 'ROLE')!.value).toBe('media');
    expect(env.find((e) => e.name === 'MEDIA_NODE_ID')!.valueFrom!.fieldRef.fieldPath).toBe('metadata.name');
    expect(spec.template.spec.hostNetwork).toBe(true);
    const nodes = docs
      .find((d) => d.kind === 'ConfigMap')!
      .data!.MEDIA_NODES!.split(',')
      .map((n) => n.split('='));
    expect(nodes.map(([id]) => id)).toEqual(
      Array.from({ length: spec.replicas }, (_, i) => `pkk-media-${i}`),
    );
    // Browsers reach each node at its URL: the ingress routes that host to that pod's Service.
    const ingress = docs.find((d) => d.kind === 'Ingress')!.spec as {
      rules: { host?: string; http: { paths: { backend: { service: { name: string } } }[] } }[];
    };
    for (const [id, url] of nodes) {
      const rule = ingress.rules.find((r) => r.host === new URL(url!).host)!;
      const service = docs.find(
        (d) => d.kind === 'Service' && d.metadata.name === rule.http.paths[0]!.backend.service.name,
      )!;
      expect(
        (service.spec as { selector: Record<string, string> }).selector['statefulset.kubernetes.io/pod-name'],
      ).toBe(id);
    }
  });
});
