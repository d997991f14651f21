/**
 * Throughput: JSON batches over HTTP from N concurrent clients, each posting its next batch as soon
 * as the last one is answered, every event counted against the reply's `accepted`.
 */
import { performance } from 'node:perf_hooks';
import { distribution, perEvent, round, say, withCpu, type Distribution, type Measured } from './measure.ts';
import type { Stack } from './services.ts';
import type { Reply } from './stack.ts';
import { bodyOf, mixOf, type Batch, type Workload } from './workload.ts';

/** The JSON ingest reply, as far as the bench reads it. */
export interface IngestReply {
  accepted: number;
  duplicates: number;
  rejected: { index: number; field: string; reason: string }[];
  flagged: unknown[];
}

/** Every JSON POST's reply, summed over the whole bench: what the verification counts rows against. */
export class Tally {
  accepted = 0;
  posts = 0;
  problems: string[] = [];
  add(expect: number, r: Reply): number {
    this.posts++;
    if (r.status !== 200) {
      this.problems.push(`HTTP ${r.status}: ${r.body.slice(0, 200)}`);
      return 0;
    }
    const reply = JSON.parse(r.body) as IngestReply;
    this.accepted += reply.accepted;
    if (reply.accepted !== expect)
      this.problems.push(
        `accepted ${reply.accepted} of ${expect}: ${JSON.stringify(reply.rejected.slice(0, 2))} dup ${reply.duplicates}`,
      );
    return reply.accepted;
  }
  /** A POST that got no reply (connection reset): whether the api stored it, the row count tells. */
  failed(err: Error): void {
    this.posts++;
    this.problems.push(`no reply: ${err.message}`);
  }
}

export function postBatch(stack: Stack, b: Batch): Promise<Reply> {
  return stack.http.request(
    'POST',
    `/api/v1/ingest/${b.channel}`,
    { 'content-type': 'application/json', authorization: `Bearer ${b.office.keys[b.channel]}` },
    bodyOf(b),
  );
}

export async function runHttp(
  stack: Stack,
  work: Workload,
  tally: Tally,
  batch: number,
  concurrency: number,
  seconds: number,
) {
  const mix = mixOf(work, batch);
  const before = tally.accepted;
  const postsBefore = tally.posts;
  const replyMs: number[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const b = mix.next();
        const t = performance.now();
        const r = await postBatch(stack, b);
        replyMs.push(performance.now() - t);
        tally.add(b.count, r);
      }
    }),
  );
  return {
    accepted: tally.accepted - before,
    posts: tally.posts - postsBefore,
    seconds: (performance.now() - start) / 1000,
    replyMs: distribution(replyMs),
  };
}

export interface ThroughputRun extends Measured {
  acceptedPerSecond: number;
  accepted: number;
  posts: number;
  replyMs: Distribution;
  cpuMicrosPerEvent: Record<string, number>;
}

/** One throughput run with the CPU of each part of the stack, logged. */
export async function measureHttp(
  stack: Stack,
  work: Workload,
  tally: Tally,
  opts: { batch: number; concurrency: number; seconds: number },
): Promise<ThroughputRun> {
  const r = await withCpu(stack.groups, () =>
    runHttp(stack, work, tally, opts.batch, opts.concurrency, opts.seconds),
  );
  const rate = Math.round(r.result.accepted / r.result.seconds);
  const us = perEvent(r.cpu, rate);
  say(
    `HTTP            N=${String(opts.concurrency).padStart(2)}: ${rate.toLocaleString('en')} accepted events/s  reply p50 ${r.result.replyMs.p50} ms p99 ${r.result.replyMs.p99} ms  cores ${JSON.stringify(r.cpu)}  µs/event ${JSON.stringify(us)}`,
  );
  return {
    concurrency: opts.concurrency,
    acceptedPerSecond: rate,
    accepted: r.result.accepted,
    posts: r.result.posts,
    seconds: round(r.result.seconds, 2),
    replyMs: r.result.replyMs,
    cpu: r.cpu,
    cpuMicrosPerEvent: us,
    quiet: r.quiet,
  };
}
