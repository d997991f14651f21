/**
 * bench/web: the wall in a real browser under a stream of live changes, and the JavaScript each
 * route loads.
 *
 *   node --import tsx bench/src/web.ts
 *
 * 1. latency   a real api (own PostgreSQL and Redis on free ports, the built web app) with a seeded city
 *              of 107 offices; Chromium shows /wall?bench=1 at 1920x1080; the bench posts queue events
 *              at RATE/s (each changes one office's queue, so each is one summary delta) for SECONDS.
 *              In the browser, instrumentation (web/src/bench/instrument.ts) times each socket push
 *              from arrival to the DOM showing it (MutationObserver) and to the next frame (rAF).
 * 2. fps       requestAnimationFrame callbacks per second over the same window.
 * 3. bundles   gzipped JS each route loads on a first visit (fresh browser with a session), as
 *              requested by the page, sized from web/dist.
 *
 * Knobs (env): BENCH_RATE=100  BENCH_SECONDS=20  BENCH_WARMUP_SECONDS=3  BENCH_DRIVER=announce|ingest.
 * `announce` (default) publishes each event as ingest does after its commit, on the Redis channel the
 * live hub follows: the rate holds on a busy machine and the path measured is the live one (hub →
 * socket.io → browser). `ingest` posts each event over HTTP with the office's device key (adds the
 * database commit; bench/ingest measures that path). Results: bench/results/web.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '@pkk/platform/config/paths';
import { launchBrowser, openApp, VIEWPORTS } from '../../e2e/support/browser.ts';
import { seedCity } from '../../e2e/support/city.ts';
import { postQueue, signIn } from '../../e2e/support/seed.ts';
import { startServices, startStack, type Stack } from '../../e2e/support/stack.ts';
import { ensureWebBuilt } from '../../e2e/support/web-build.ts';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const TARGET_P95_MS = 100;
const TARGET_FPS = 30;
const BUDGET_KB = 250;
const DRIVER = process.env.BENCH_DRIVER === 'ingest' ? 'ingest' : 'announce';

interface BenchReport {
  pushes: number;
  items: number;
  domMs: number[];
  frameMs: number[];
  frames: number;
  elapsedMs: number;
  longTasks: number;
}

const say = (msg: string) => console.log(`[bench/web] ${msg}`);

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const r1 = (n: number) => Math.round(n * 10) / 10;
const stats = (xs: number[]) => ({
  samples: xs.length,
  p50: r1(pct(xs, 50)),
  p95: r1(pct(xs, 95)),
  p99: r1(pct(xs, 99)),
  max: r1(Math.max(...xs)),
});

/** A fresh browser context with a session cookie: the first page it loads is the route itself. */
async function sessionPage(browser: Browser, stack: Stack, username: string, password: string) {
  const app = await openApp(browser, stack.url, VIEWPORTS.wall);
  const cookie = await signIn(stack.url, username, password);
  const [name, value] = cookie.split('=') as [string, string];
  await app.context.addCookies([{ name, value, url: stack.url }]);
  // Browser code as text: this program is typed for Node, not the DOM.
  await app.context.addInitScript({ content: "localStorage.setItem('pkk.session', '1')" });
  return app;
}

/** Gzipped JS a route loads on a first visit, from what the page requested. */
async function routeJs(
  browser: Browser,
  stack: Stack,
  user: { username: string; password: string },
  route: string,
  ready: (p: Page) => Promise<void>,
) {
  const app =
    route === '/login'
      ? await openApp(browser, stack.url, VIEWPORTS.wall)
      : await sessionPage(browser, stack, user.username, user.password);
  const files = new Set<string>();
  app.page.on('request', (r) => {
    if (r.resourceType() === 'script') files.add(new URL(r.url()).pathname);
  });
  await app.page.goto(route);
  await ready(app.page);
  await app.close();
  const sizes = [...files].sort().map((f) => {
    const raw = readFileSync(path.join(repoRoot, 'web', 'dist', f));
    return { file: f, bytes: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
  });
  const gzip = sizes.reduce((n, s) => n + s.gzip, 0);
  return {
    route,
    files: sizes,
    bytes: sizes.reduce((n, s) => n + s.bytes, 0),
    gzip,
    gzipKB: r1(gzip / 1024),
  };
}

async function main(): Promise<void> {
  ensureWebBuilt();
  const services = await startServices();
  let stack: Stack | null = null;
  let browser: Browser | null = null;
  let stopAlive = () => undefined as void;
  try {
    stack = await startStack({ ...services, clock: { at: '10:00' } });
    const t0 = Date.now();
    const city = await seedCity(stack);
    stopAlive = city.keepAlive(15_000);
    say(`seeded 107 offices in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const operator = await stack.user({
      username: 'operator',
      role: 'operator',
      displayName: 'Operator Kominfo',
    });
    browser = await launchBrowser();

    // 1 and 2: the wall under RATE deltas per second.
    const app = await sessionPage(browser, stack, operator.username, operator.password);
    await app.page.goto('/wall?bench=1');
    await app.page.locator('[data-testid=wall][data-phase=ready]').waitFor();
    await app.page.locator('path.kel-polygon[data-status]').first().waitFor();
    await app.page.waitForFunction('window.__pkkBench?.ready === true');

    const codes = [...city.keys.keys()];
    const redis = stack.ctx.redis.create('producer', 'bench-web');
    const channel = `${stack.ctx.env.REDIS_PREFIX}:live:events`;
    // A producer connection has no offline queue: wait until it is up.
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    const open = new Map<string, number>();
    let seq = 0;
    let posted = 0;
    let failed = 0;
    const inflight = new Set<Promise<void>>();
    /** One event that changes one office's queue: a new ticket, or the cancellation of its last one. */
    const fire = () => {
      const code = codes[seq % codes.length]!;
      const n = open.get(code) ?? 0;
      const time = new Date(stack!.ctx.clock.now() - 1000).toISOString();
      const ev =
        Math.floor(seq / codes.length) % 2 === 0
          ? {
              type: 'ticket.issued',
              ticketId: `bench-${code}-${n + 1}`,
              ticketNumber: `B${String((n % 999) + 1).padStart(3, '0')}`,
              service: 'domisili',
              time,
            }
          : { type: 'ticket.cancelled', ticketId: `bench-${code}-${n}`, time };
      if (ev.type === 'ticket.issued') open.set(code, n + 1);
      seq++;
      const at = Date.parse(time);
      const send =
        DRIVER === 'ingest'
          ? postQueue(stack!.url, city.keys.get(code)!.queue, code, [ev])
          : // The announcement ingest publishes after committing (server/src/ingest/announce.ts).
            redis.publish(
              channel,
              JSON.stringify({
                k: code,
                e: [
                  {
                    kind: 'queue',
                    type: ev.type,
                    at,
                    ticketId: ev.ticketId,
                    ...('service' in ev ? { service: ev.service } : {}),
                  },
                ],
                c: Date.now(),
              }),
            );
      const p = send.then(
        () => void posted++,
        () => void failed++,
      );
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    };
    const drive = async (seconds: number) => {
      const start = performance.now();
      const total = Math.round(seconds * RATE);
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        fire();
      }
      await Promise.all(inflight);
    };

    say(`warm-up ${WARMUP} s at ${RATE} deltas/s (driver: ${DRIVER})`);
    await drive(WARMUP);
    await app.page.evaluate('window.__pkkBench.reset()');
    const postedBefore = posted;
    say(`measuring ${SECONDS} s at ${RATE} deltas/s`);
    const m0 = performance.now();
    const cpu0 = process.cpuUsage();
    await drive(SECONDS);
    const driveMs = performance.now() - m0;
    const cpu = process.cpuUsage(cpu0);
    // Let the last pushes land.
    await new Promise((r) => setTimeout(r, 500));
    const rep = (await app.page.evaluate('window.__pkkBench.report()')) as BenchReport;
    const errors = [...app.errors];
    await app.close();
    redis.disconnect();

    const fps = rep.frames / (rep.elapsedMs / 1000);
    const dom = stats(rep.domMs);
    const frame = stats(rep.frameMs);

    // 3: JS per route.
    const kel = '16.71.01.1001';
    const routes = [
      await routeJs(browser, stack, operator, '/login', (p) => p.getByTestId('login-form').waitFor()),
      await routeJs(browser, stack, operator, '/', (p) =>
        p.locator('[data-testid=home][data-phase=ready]').waitFor(),
      ),
      await routeJs(browser, stack, operator, '/wall', (p) =>
        p.locator('path.kel-polygon[data-status]').first().waitFor(),
      ),
      await routeJs(browser, stack, operator, `/kelurahan/${kel}`, (p) =>
        p.locator('[data-testid=waiting-chart] canvas').waitFor(),
      ),
    ];

    const result = {
      bench: 'web',
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model ?? '',
        memGB: Math.round(os.totalmem() / 2 ** 30),
        loadavg1: r1(os.loadavg()[0]!),
      },
      browser: 'Debian chromium (headless, --disable-gpu), 1920x1080',
      load: {
        driver: DRIVER,
        targetDeltasPerSecond: RATE,
        seconds: SECONDS,
        postedPerSecond: r1((posted - postedBefore) / (driveMs / 1000)),
        failedPosts: failed,
        pushesPerSecond: r1(rep.pushes / (rep.elapsedMs / 1000)),
        deltasReceivedPerSecond: r1(rep.items / (rep.elapsedMs / 1000)),
        benchCpuSeconds: r1((cpu.user + cpu.system) / 1e6),
      },
      latency: {
        note: 'browser: socket push received -> DOM updated (MutationObserver), and -> next animation frame',
        pushToDomMs: dom,
        pushToFrameMs: frame,
        targetP95Ms: TARGET_P95_MS,
        pass: dom.p95 <= TARGET_P95_MS,
      },
      fps: {
        value: r1(fps),
        frames: rep.frames,
        seconds: r1(rep.elapsedMs / 1000),
        longTasks: rep.longTasks,
        target: TARGET_FPS,
        pass: fps >= TARGET_FPS,
      },
      bundles: {
        note: 'gzipped JS (level 9) of the scripts each route requests on a first visit with a session',
        routes: routes.map(({ route, gzipKB, bytes, files }) => ({
          route,
          gzipKB,
          rawKB: r1(bytes / 1024),
          files: files.map((f) => `${f.file} ${r1(f.gzip / 1024)} KB`),
        })),
        phoneBudgetKB: BUDGET_KB,
        pass: routes.find((r) => r.route === '/')!.gzipKB <= BUDGET_KB,
      },
      consoleErrors: errors,
    };
    const out = path.join(repoRoot, 'bench', 'results', 'web.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

    say(
      `load: ${result.load.postedPerSecond} events/s posted, ${result.load.deltasReceivedPerSecond} deltas/s in ${result.load.pushesPerSecond} pushes/s received`,
    );
    say(
      `push -> DOM    p50 ${dom.p50} ms  p95 ${dom.p95} ms  p99 ${dom.p99} ms  max ${dom.max} ms  (target p95 <= ${TARGET_P95_MS}: ${result.latency.pass ? 'pass' : 'FAIL'})`,
    );
    say(`push -> frame  p50 ${frame.p50} ms  p95 ${frame.p95} ms  p99 ${frame.p99} ms  max ${frame.max} ms`);
    say(
      `fps ${result.fps.value} over ${result.fps.seconds} s, ${rep.longTasks} long tasks  (target >= ${TARGET_FPS}: ${result.fps.pass ? 'pass' : 'FAIL'})`,
    );
    for (const r of routes)
      say(`JS ${r.route.padEnd(28)} ${String(r.gzipKB).padStart(6)} KB gzipped (${r.files.length} files)`);
    say(`wrote ${path.relative(repoRoot, out)}`);
    if (errors.length) say(`console errors: ${errors.join(' | ')}`);
  } finally {
    stopAlive();
    await browser?.close().catch(() => undefined);
    await stack?.stop().catch(() => undefined);
    await services.stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
