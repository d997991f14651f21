/**
 * `npm start`: brings up the whole product on one machine. With no DATABASE_URL it runs an embedded
 * PostgreSQL under var/, with no REDIS_URL a local redis-server; then the api, the workers and (unless
 * SIM=off) the simulator as child processes. Ctrl-C or SIGTERM stops every one of them.
 *
 * package.json runs it with `exec`: npm returns as soon as its shell child is gone, and a shell that
 * merely waited for us died at the SIGTERM at once, so npm said "done" while we were still stopping.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadPolicy } from '@pkk/platform/config/policy';
import { configDir, repoRoot, varDir } from '@pkk/platform/config/paths';
import { demoClockStart, readSimPosition, simPositionFile } from '@pkk/platform/demo/position';
import { startLocalPostgres, type LocalPostgres } from '@pkk/platform/infra/embedded-postgres';
import { startLocalRedis, type LocalRedis } from '@pkk/platform/infra/local-redis';
import { persistedMediaKeys } from '@pkk/platform/media/key-files';
import { bundleRoles, tsxCommand, type RoleCommand } from './bundle.ts';
import { launcherEnv, type LauncherEnv } from './launcher-env.ts';
import { ROLES, type RoleDef, type RoleName } from './roles.ts';
import { RoleSupervisor } from './supervisor.ts';

const t0 = Date.now();
const say = (msg: string) => console.log(`[start] ${msg}`);

async function main(): Promise<void> {
  const parsed = launcherEnv.safeParse(process.env);
  if (!parsed.success) {
    console.error(
      `invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
    process.exit(78);
  }
  const env = parsed.data;
  let policy;
  try {
    policy = loadPolicy(configDir(env.CONFIG_DIR));
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    process.exit(78);
  }
  const vdir = varDir(env.VAR_DIR);
  mkdirSync(vdir, { recursive: true });
  const demo = env.DEMO ?? (env.SIM === 'on' ? '1' : '0');
  let keys;
  try {
    // Every role gets the same two: the api seals camera URLs and signs play tokens, media opens and checks them.
    keys = persistedMediaKeys(vdir, process.env, say);
  } catch (err) {
    console.error(`[start] ${(err as Error).message}`);
    process.exit(78);
  }

  let pg: LocalPostgres | null = null;
  let redis: LocalRedis | null = null;
  let stopping = false;
  const supervisorFile = path.join(vdir, 'supervisor.json');
  const supervisor = new RoleSupervisor({
    say,
    onGiveUp: (_role, reason) => {
      console.error(`[start] ${reason}; stopping everything`);
      void stopAll(1);
    },
    onRestart: (restarts) => {
      writeFileSync(supervisorFile, JSON.stringify({ restarts }));
      writePids();
    },
  });
  let readyYet = false;
  /** var/pids.json: every process of this run, kept current across restarts (tests check nothing is left). */
  const writePids = () => {
    if (!readyYet) return;
    const pids = {
      launcher: process.pid,
      postgres: pg?.pid() ?? null,
      redis: redis?.pid() ?? null,
      ...Object.fromEntries(supervisor.names().map((n) => [n, supervisor.pid(n)])),
    };
    writeFileSync(path.join(vdir, 'pids.json'), JSON.stringify(pids));
  };
  const serviceLog = (line: string) => {
    say(line);
    writePids();
  };

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await supervisor.stopAll();
    await redis?.stop();
    await pg?.stop();
    endOwnHelpers();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGHUP', () => void stopAll(0));
  // If whoever started us goes away without a signal (a killed npm, a closed CI step), stop too.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stopAll(1), 1000).unref();

  try {
    // Built while PostgreSQL and Redis start: a role (re)started from its bundle is ready sooner.
    const on = (r: RoleDef) => !r.switch || env[r.switch] === 'on';
    const commands: Promise<Map<RoleName, RoleCommand>> =
      env.ROLE_BUNDLES === 'on'
        ? bundleRoles(ROLES.filter(on), { repoRoot, outDir: path.join(vdir, 'build'), say })
        : Promise.resolve(new Map(ROLES.map((r) => [r.name, tsxCommand(r)])));
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      pg = await startLocalPostgres({ dir: path.join(vdir, 'postgres'), port: env.PG_PORT, log: serviceLog });
      databaseUrl = pg.url;
      say(`PostgreSQL (embedded) on 127.0.0.1:${env.PG_PORT}, data in ${pg.dataDir}`);
    }
    let redisUrl = env.REDIS_URL;
    if (!redisUrl) {
      redis = await startLocalRedis({ dir: path.join(vdir, 'redis'), port: env.REDIS_PORT, log: serviceLog });
      redisUrl = redis.url;
      say(`Redis (local redis-server) on 127.0.0.1:${env.REDIS_PORT}`);
    }

    const shared: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      VAR_DIR: vdir,
      DEMO: demo,
      ...keys,
      NODE_ENV: process.env.NODE_ENV ?? 'production',
    };
    if (env.SIM === 'on') {
      shared.SIM_API_TOKEN = randomBytes(32).toString('base64url');
      if (env.SIM_SPEED !== 1) {
        // Every role runs on one simulated clock: a working day passes in minutes. It goes on from
        // where the simulator last stood (var/sim/position.json), never back over a stored day.
        const saved = readSimPosition(simPositionFile(vdir));
        if (saved.problem) say(`ignoring the saved simulator position: ${saved.problem}`);
        const offices = env.SIM_OFFICES?.split(',')
          .map((o) => o.trim())
          .filter(Boolean);
        const start = demoClockStart(
          Date.now(),
          policy,
          { seed: env.SIM_SEED, scenario: env.SIM_SCENARIO, offices: offices ?? null },
          saved.position,
        );
        shared.CLOCK_SPEED = String(env.SIM_SPEED);
        shared.CLOCK_REAL_ANCHOR = String(Date.now());
        shared.CLOCK_VIRTUAL_ANCHOR = String(start.at);
        const at = new Date(start.at)
          .toLocaleString('sv-SE', { timeZone: policy.workHours.zone })
          .slice(0, 16);
        const why = {
          fresh: '',
          continue: ', continuing where the last run stopped',
          'next-day': ', the day after the last run of another simulation',
        }[start.why];
        say(`simulated clock: ${at} WIB at ${env.SIM_SPEED}x${why}`);
      }
    }

    writeFileSync(supervisorFile, JSON.stringify({ restarts: {} }));
    const base = `http://${env.HOST}:${env.PORT}`;
    const extra: Partial<Record<RoleName, NodeJS.ProcessEnv>> = {
      api: { PORT: String(env.PORT), HOST: env.HOST },
      sim: { SIM_API_URL: base },
    };
    const command = await commands;
    const spawnRole = (r: RoleDef) =>
      supervisor.start(
        r.name,
        process.execPath,
        command.get(r.name)!.args,
        {
          cwd: repoRoot,
          env: { ...shared, ROLE: r.name, ...extra[r.name] },
          stdio: 'inherit',
        },
        { standby: env.ROLE_SPARES.includes(r.name) },
      );

    for (const r of ROLES.filter((x) => on(x) && !x.afterApiReady)) spawnRole(r);
    await waitReady(`${base}/readyz`, () => stopping);
    for (const r of ROLES.filter((x) => on(x) && x.afterApiReady)) spawnRole(r);

    readyYet = true;
    writePids();
    const readyMs = Date.now() - t0;
    // One write, so whoever watches the pipe for "ready" also has the URL and logins in the same chunk.
    const metricsAt = (port: number) => `http://${env.METRICS_HOST}:${port}/metrics`;
    const lines = [
      `ready in ${(readyMs / 1000).toFixed(1)} s`,
      `open ${base}/  (wall: ${base}/wall)`,
      `metrics: ${metricsAt(env.METRICS_PORT)} (api)${env.MEDIA === 'on' ? `, ${metricsAt(env.MEDIA_METRICS_PORT)} (media)` : ''}`,
      ...secureCookieWarning(env),
    ].map((l) => `[start] ${l}`);
    const creds = path.join(vdir, 'demo-credentials.json');
    if (demo === '1' && existsSync(creds)) {
      const { passwords, hrToken } = JSON.parse(readFileSync(creds, 'utf8')) as {
        passwords: Record<string, string>;
        hrToken?: string;
      };
      lines.push('[start] demo logins (demo mode only):');
      for (const [u, p] of Object.entries(passwords)) lines.push(`         ${u.padEnd(12)} ${p}`);
      if (hrToken) lines.push(`         ${'hr (token)'.padEnd(12)} ${hrToken}`);
    }
    console.log(lines.join('\n'));
    writeFileSync(
      path.join(vdir, 'ready.json'),
      JSON.stringify({ url: base, readyMs, at: new Date().toISOString() }),
    );
  } catch (err) {
    console.error(`[start] ${(err as Error).message}`);
    await stopAll(1);
  }
}

/**
 * Session cookies are Secure unless COOKIE_SECURE=0. Chromium keeps a Secure cookie set over
 * http://127.0.0.1 and http://localhost (both are secure contexts; seen in headless Chromium 156), so
 * the local demo signs in as it is; from any other plain-HTTP address (a LAN IP, for a phone) browsers
 * drop it and sign-in fails without a word. Say so once rather than turn the protection off unasked.
 */
function secureCookieWarning(env: LauncherEnv): string[] {
  if (env.COOKIE_SECURE !== undefined && ['0', 'false', 'no', 'off'].includes(env.COOKIE_SECURE)) return [];
  const url = env.PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(u.hostname);
  if (u.protocol === 'https:' || loopback) return [];
  return [
    `note: ${url} is plain HTTP and not this machine's loopback: browsers will not keep the Secure session`,
    '        cookie there. Put TLS in front (PUBLIC_URL=https://…), or run with COOKIE_SECURE=0 for a trial.',
  ];
}

/** Ends this process's own helper children (tsx's esbuild service), which would outlive it by a moment. */
function endOwnHelpers(): void {
  if (process.platform !== 'linux') return;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) process.kill(Number(entry), 'SIGTERM');
    } catch {
      // gone already, or not ours to read
    }
  }
}

async function waitReady(url: string, aborted: () => boolean): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !aborted()) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`api not ready at ${url}`);
}

void main();
