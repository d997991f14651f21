import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { envSchema } from '@pkk/platform/config/env';
import { ROLES, roleDef } from '../scripts/roles.ts';

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
  it('runs every role (scripts/roles.ts) on the official postgres and redis images', () => {
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual([...ROLES.map((r) => r.name), 'postgres', 'redis'].sort());
    expect(s.postgres!.image).toMatch(/^postgres:\d+/);
    expect(s.redis!.image).toMatch(/^redis:\d+/);
    // One entry for every role; ROLE picks it from the roles registry.
    for (const { name: role } of ROLES) {
      expect(s[role]!.command).toEqual(['node', '--import', 'tsx', 'scripts/role.ts']);
      expect(existsSync(path.join(root, s[role]!.build!.dockerfile))).toBe(true);
      const def = roleDef(role);
      expect(def, role).toBeDefined();
      expect(existsSync(path.join(root, def!.entry))).toBe(true);
    }
  });

  it('gives every role the same database and Redis, by service name, with variables the code reads', () => {
    for (const { name: role } of ROLES) {
      const env = compose.services[role]!.environment!;
      expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.ROLE).toBe(role);
      for (const key of Object.keys(env)) expect(known, `${role}: ${key}`).toContain(key);
      // And the values parse with the same schema the roles validate their environment with.
      // As compose reads them with nothing set in the shell: `${NAME:-default}` is its default.
      const defaults = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, v.replace(/^\$\{\w+:-([^}]*)\}$/, '$1')]),
      );
      const parsed = envSchema.safeParse({ ...defaults, DEMO: '1', SIM_API_TOKEN: 'x'.repeat(40) });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    expect(compose.services.sim!.environment!.SIM_API_URL).toBe('http://api:8080');
  });

  it("publishes no metrics port, and believes X-Forwarded-For from no one but the scale profile's nginx", () => {
    for (const role of ['api', 'media']) {
      const svc = compose.services[role] as Service & { ports?: string[] };
      const env = svc.environment!;
      expect(env.METRICS_HOST).toBe('0.0.0.0');
      expect(
        (svc.ports ?? []).some((p) => /946[45]/.test(p)),
        role,
      ).toBe(false);
      expect(env.TRUSTED_PROXIES).toBe('${TRUSTED_PROXIES:-loopback}');
      expect(env.COOKIE_SECURE).toBe('${COOKIE_SECURE:-1}');
    }
    const scale = parse(readFileSync(path.join(root, 'infra/compose.scale.yml'), 'utf8'), {
      customTags: [
        { tag: '!reset', resolve: () => [] },
        { tag: '!override', resolve: (v: string) => v },
      ],
    }) as {
      networks: { default: { ipam: { config: { subnet: string; ip_range: string }[] } } };
      services: Record<string, Service & { networks?: { default: { ipv4_address: string } } }>;
    };
    const lb = scale.services.lb!.networks!.default.ipv4_address;
    expect(scale.services.api!.environment!.TRUSTED_PROXIES).toBe(lb);
    // The proxy's address is outside the range other containers are given.
    const [range] = scale.networks.default.ipam.config;
    expect(range!.ip_range).toBe('172.28.0.128/25');
    expect(Number(lb.split('.')[3])).toBeLessThan(128);
    const nginx = readFileSync(path.join(root, 'infra/nginx.conf'), 'utf8');
    const active = nginx
      .split('\n')
      .filter((l) => !l.trim().startsWith('#'))
      .join('\n');
    expect(active.match(/X-Forwarded-For \$proxy_add_x_forwarded_for/g)).toHaveLength(2);
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
  type Doc = {
    kind: string;
    metadata: { name: string };
    data?: Record<string, string>;
    spec?: Record<string, unknown>;
  };
  const manifest = () =>
    parseAllDocuments(readFileSync(path.join(root, 'infra/k8s/pkk.yaml'), 'utf8')).map(
      (d) => d.toJSON() as Doc,
    );

  it('serves every ingress host over TLS, with the settings of the edge validated like the roles do', () => {
    const docs = manifest();
    const ingress = docs.find((d) => d.kind === 'Ingress')!.spec as {
      tls: { secretName: string; hosts: string[] }[];
      rules: { host?: string }[];
    };
    expect(ingress.tls[0]!.secretName).toBe('pkk-tls');
    for (const rule of ingress.rules) expect(ingress.tls[0]!.hosts).toContain(rule.host);
    const env = docs.find((d) => d.kind === 'ConfigMap')!.data!;
    expect(env.PUBLIC_URL).toMatch(/^https:\/\//);
    expect(ingress.tls[0]!.hosts).toContain(new URL(env.PUBLIC_URL!).host);
    const parsed = envSchema.safeParse(env);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data!.TRUSTED_PROXIES).not.toEqual(['loopback']);
    expect(parsed.data!.COOKIE_SECURE).toBe(true);
  });

  it('keeps metrics off every Service, on a named pod port Prometheus is told of', () => {
    const docs = manifest();
    type Pod = {
      metadata: { annotations: Record<string, string> };
      spec: { containers: { ports: { name: string; containerPort: number }[] }[] };
    };
    for (const [kind, name, port] of [
      ['Deployment', 'pkk-api', 9464],
      ['StatefulSet', 'pkk-media', 9465],
    ] as const) {
      const pod = (docs.find((d) => d.kind === kind && d.metadata.name === name)!.spec as { template: Pod })
        .template;
      expect(pod.spec.containers[0]!.ports.find((p) => p.name === 'metrics')!.containerPort).toBe(port);
      expect(pod.metadata.annotations['prometheus.io/port']).toBe(String(port));
    }
    for (const svc of docs.filter((d) => d.kind === 'Service'))
      for (const p of (svc.spec as { ports: { targetPort: number }[] }).ports)
        expect([9464, 9465], svc.metadata.name).not.toContain(p.targetPort);
  });

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
