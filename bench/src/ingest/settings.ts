/**
 * The knobs of bench/ingest, read from the environment once (documented in bench/src/ingest.ts). A
 * value that is not a number stops the bench naming the variable, before anything is started.
 */

function num(name: string, dflt: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name}=${raw}: expected a number ≥ ${min}`);
  return n;
}

function list(name: string, dflt: string): number[] {
  const out = (process.env[name] ?? dflt).split(',').map(Number);
  if (!out.length || out.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error(`${name}=${process.env[name]}: expected positive integers separated by commas`);
  return out;
}

export const settings = {
  /** Events in one HTTP batch (and rows in one baseline statement). */
  batch: 500,
  concurrency: list('BENCH_CONCURRENCY', '4,8,16'),
  throughputSeconds: num('BENCH_SECONDS', 15),
  baselineSeconds: num('BENCH_BASELINE_SECONDS', 5),
  warmupSeconds: num('BENCH_WARMUP_SECONDS', 3),
  latencySeconds: num('BENCH_LATENCY_SECONDS', 20),
  latencyRate: num('BENCH_LATENCY_RATE', 2000),
  latencyBatch: 100,
  /** ADMS terminals re-sending their whole log at once, lines in each log, lines in each upload. */
  admsTerminals: num('BENCH_ADMS_TERMINALS', 16, 1),
  admsLines: num('BENCH_ADMS_LINES', 8000, 1),
  admsBatch: num('BENCH_ADMS_BATCH', 500, 1),
  startRuns: process.env.BENCH_START !== '0',
  profile: process.env.BENCH_API_PROFILE === '1',
  apiNodeOptions: process.env.BENCH_API_NODE_OPTIONS,
  apiDatabasePoolSize: num('DATABASE_POOL_SIZE', 10),
} as const;

export type Settings = typeof settings;
