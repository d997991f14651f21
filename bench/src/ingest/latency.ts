/**
 * Latency: POST sent → socket.io delta received, at a steady rate of queue events (tickets issued,
 * which raise the office's waiting count), with the whole city and five offices subscribed as the
 * wall and a phone would be; and what PostgreSQL did meanwhile, for reading the tail.
 */
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, KelurahanSummary, ServerToClientEvents } from '@pkk/core';
import { distribution, round, say, withCpu } from './measure.ts';
import type { Stack } from './services.ts';
import { sleep } from './stack.ts';
import { postBatch, type Tally } from './throughput.ts';
import type { Workload } from './workload.ts';

/**
 * What PostgreSQL did meanwhile, for reading a latency tail: WAL written, and which tables autovacuum
 * worked on (a million rows loaded in a minute leave it work to do).
 */
function watchPostgres(db: pg.Pool) {
  const autovacuum = new Set<string>();
  let walStart: string | null = null;
  const sample = async () => {
    const r = await db.query<{ query: string }>(
      `select query from pg_stat_activity where backend_type = 'autovacuum worker' and query <> ''`,
    );
    for (const row of r.rows) autovacuum.add(row.query.replace(/^autovacuum:\s*/, ''));
  };
  const ready = db
    .query<{ lsn: string }>('select pg_current_wal_lsn() as lsn')
    .then((r) => (walStart = r.rows[0]!.lsn));
  const timer = setInterval(() => void sample().catch(() => undefined), 1000);
  return {
    async stop() {
      clearInterval(timer);
      await ready;
      const r = await db.query<{ mb: number }>(
        `select (pg_current_wal_lsn() - $1::pg_lsn) / 1048576.0 as mb`,
        [walStart],
      );
      return { walMegabytes: round(Number(r.rows[0]!.mb)), autovacuum: [...autovacuum] };
    },
  };
}

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

async function runLatency(
  stack: Stack,
  work: Workload,
  tally: Tally,
  token: string,
  opts: { seconds: number; rate: number; batch: number },
) {
  const { seconds, rate, batch } = opts;
  const socket: LiveSocket = io(stack.apiUrl, {
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  const subscribe = (room: string) =>
    new Promise<KelurahanSummary[]>((resolve, reject) =>
      socket.emit('subscribe', { room }, (ack) => {
        if (!ack.ok) return reject(new Error(`subscribe ${room}: ${ack.error.message}`));
        resolve('items' in ack ? ack.items : [ack.detail.summary]);
      }),
    );
  // The whole city (summaries), plus five offices in detail, as the wall and a phone would.
  const watched = [0, 21, 42, 63, 84].map((i) => work.offices[i % work.offices.length]!.code);
  const issued = new Map<string, number>();
  for (const s of await subscribe('city')) issued.set(s.code, s.issuedToday);
  for (const code of watched) await subscribe(`kelurahan:${code}`);

  /** POSTs waiting for the push that shows them, per office, in send order. */
  const pending = new Map<string, { threshold: number; sentAt: number; via?: string }[]>();
  const expected = new Map(issued);
  const latency: number[] = [];
  const viaDetail: number[] = [];
  const replyMs: number[] = [];
  let pushes = 0;
  const seen = (code: string, issuedToday: number, via: string) => {
    const now = performance.now();
    const list = pending.get(code);
    while (list?.length && list[0]!.threshold <= issuedToday) {
      const p = list.shift()!;
      latency.push(now - p.sentAt);
      if (via === 'detail') viaDetail.push(now - p.sentAt);
    }
  };
  socket.on('live:summaries', (msg) => {
    pushes++;
    for (const s of msg.items) seen(s.code, s.issuedToday, 'summary');
  });
  socket.on('live:detail', (msg) => {
    pushes++;
    if (msg.patch.summary) seen(msg.patch.summary.code, msg.patch.summary.issuedToday, 'detail');
  });

  const interval = (batch / rate) * 1000;
  const total = Math.floor((seconds * 1000) / interval);
  let sent = 0;
  let lagMax = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const fire = () => {
      const now = performance.now();
      // Drift correction: the i-th POST is due at start + i × interval, whatever the timer did.
      while (sent < total && start + sent * interval <= now) {
        lagMax = Math.max(lagMax, now - (start + sent * interval));
        const office = work.offices[sent % work.offices.length]!;
        sent++;
        const items = work.queue(office, batch, false);
        const threshold = (expected.get(office.code) ?? 0) + items.length;
        expected.set(office.code, threshold);
        const sentAt = performance.now();
        const list = pending.get(office.code) ?? [];
        list.push({ threshold, sentAt });
        pending.set(office.code, list);
        inflight.push(
          postBatch(stack, { office, channel: 'queue', count: items.length, queue: items }).then(
            (r) => {
              replyMs.push(performance.now() - sentAt);
              tally.add(items.length, r);
            },
            // Handled here, not when the sending ends: a POST that fails meanwhile must not end the
            // bench as an unhandled rejection; it is a problem the verification reports.
            (err: Error) => tally.failed(err),
          ),
        );
      }
      if (sent >= total) return resolve();
      setTimeout(fire, Math.max(0, start + sent * interval - performance.now()));
    };
    fire();
  });
  await Promise.all(inflight);
  const sendSeconds = (performance.now() - start) / 1000;
  // Pushes still on their way (the hub coalesces for 15 ms).
  const drainUntil = performance.now() + 3000;
  while (latency.length < sent && performance.now() < drainUntil) await sleep(20);
  socket.close();
  return {
    targetEventsPerSecond: rate,
    achievedEventsPerSecond: round((sent * batch) / sendSeconds),
    batch,
    posts: sent,
    matched: latency.length,
    unmatched: sent - latency.length,
    pushesReceived: pushes,
    watchedOffices: watched,
    postToDeltaMs: distribution(latency),
    postToDeltaWatchedMs: distribution(viaDetail),
    postToReplyMs: distribution(replyMs),
    senderLagMaxMs: round(lagMax),
  };
}

/**
 * Settles PostgreSQL, then measures latency with the CPU of each part of the stack. Settling first:
 * a million rows loaded in a minute leave autovacuum a pass over every new page and many dirty
 * buffers to write, which in steady state are spread over hours. Measured unsettled on this machine,
 * that debt put p99 at 150-330 ms (autovacuum on both event tables, 140 MB of WAL in 20 s);
 * `postgres` records what still ran.
 */
export async function measureLatency(
  stack: Stack,
  db: pg.Pool,
  work: Workload,
  tally: Tally,
  token: string,
  opts: { seconds: number; rate: number; batch: number },
) {
  const settleStart = performance.now();
  await db.query('vacuum (analyze) attendance_punches, queue_events, raw_payloads');
  await db.query('checkpoint');
  const settleSeconds = round((performance.now() - settleStart) / 1000);
  say(`settled (vacuum analyze + checkpoint) in ${settleSeconds} s`);

  const watch = watchPostgres(db);
  const lat = await withCpu(stack.groups, () => runLatency(stack, work, tally, token, opts));
  const latency = {
    ...lat.result,
    cpu: lat.cpu,
    quiet: lat.quiet,
    settleSeconds,
    liveEventsToday: tally.accepted,
    postgres: await watch.stop(),
  };
  const d = latency.postToDeltaMs;
  say(
    `latency @ ${latency.achievedEventsPerSecond} events/s: POST→delta p50 ${d.p50} ms, p95 ${d.p95} ms, p99 ${d.p99} ms, max ${d.max} ms (${latency.matched}/${latency.posts} matched)`,
  );
  return latency;
}

export type Latency = Awaited<ReturnType<typeof measureLatency>>;
