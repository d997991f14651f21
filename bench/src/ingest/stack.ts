/**
 * Process plumbing of the benchmark: the api as a child process, HTTP with keep-alive,
 * CPU accounting from /proc, and a cleanup list that runs whatever happens.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import http from 'node:http';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Steps to undo, run last-in first-out; each runs once even if cleanup is called twice. */
export class Cleanup {
  private steps: { name: string; run: () => Promise<void> }[] = [];
  /** Child processes to signal synchronously if the bench exits before its cleanup ran. */
  private children = new Set<ChildProcess>();

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  private pids: { pid: number; start: number | null }[] = [];

  /** A child of ours: stopped by its cleanup step, or by `killNow` if the bench ends first. */
  track(child: ChildProcess): void {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
  }

  /** The same for a process we know only by pid (redis-server, the postmaster). */
  trackPid(pid: number | null): void {
    if (pid) this.pids.push({ pid, start: startTimeOf(pid) });
  }

  async runAll(): Promise<void> {
    while (this.steps.length) {
      const step = this.steps.pop()!;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          step.run(),
          new Promise<never>(
            (_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), 30_000)),
          ),
        ]);
      } catch (err) {
        console.error(`[bench] cleanup '${step.name}' failed: ${(err as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    }
  }

  killNow(): void {
    for (const child of this.children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    for (const p of this.pids)
      if (p.start !== null && startTimeOf(p.pid) === p.start) process.kill(p.pid, 'SIGTERM');
  }
}

/** Waits for a child to exit; SIGTERM, then SIGKILL after `graceMs`. */
export function stopChild(
  proc: ChildProcess,
  graceMs = 15_000,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    proc.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    proc.kill(signal);
  });
}

/** Spawns a node program the way production does, its output going to a log file. */
export function spawnLogged(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; log: string; onLine?: (line: string) => void },
): ChildProcess {
  const out = createWriteStream(opts.log);
  const proc = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Both streams into one file: neither may end it while the other still writes.
  proc.stdout!.pipe(out, { end: false });
  proc.stderr!.pipe(out, { end: false });
  proc.once('close', () => out.end());
  if (opts.onLine) {
    let rest = '';
    proc.stdout!.on('data', (d: Buffer) => {
      const lines = (rest + d.toString()).split('\n');
      rest = lines.pop()!;
      for (const l of lines) opts.onLine!(l);
    });
  }
  return proc;
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function waitHttpOk(
  url: string,
  timeoutMs: number,
  gone: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone()) throw new Error(`process behind ${url} exited`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

export interface Reply {
  status: number;
  body: string;
}

/** Plain node:http with keep-alive: the cheapest client, so the generator takes little of the CPU. */
export class HttpClient {
  readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(base: string, maxSockets = 64) {
    const u = new URL(base);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(body);
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: payload ? { ...headers, 'content-length': String(payload.length) } : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  json<T>(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    return this.request(
      method,
      path,
      { 'content-type': 'application/json', ...headers },
      body === undefined ? undefined : JSON.stringify(body),
    ).then((r) => ({
      status: r.status,
      body: (r.body ? JSON.parse(r.body) : null) as T,
    }));
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Clock ticks per second of /proc/<pid>/stat times. */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function statOf(pid: number): { ppid: number; cpu: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // utime + stime, plus cutime + cstime: the time of children it already reaped (postgres backends
    // and autovacuum workers come and go; their time must not vanish with them).
    return {
      ppid: Number(f[1]),
      cpu: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLK_TCK,
    };
  } catch {
    return null;
  }
}

/** When a process started (clock ticks since boot): with its pid, it names one process for good. */
export function startTimeOf(pid: number): number | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return null;
  }
}

/** Reads a JSON file another process writes, waiting until it exists and parses whole. */
export async function readJsonWhenComplete<T>(file: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${file}: ${(err as Error).message}`);
      await sleep(20);
    }
  }
}

/** A process and all its descendants (postgres backends, workers), by scanning /proc. */
export function treeOf(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const st = statOf(pid);
    if (st) parent.set(pid, st.ppid);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out.filter((p) => parent.has(p));
}

/** CPU seconds used so far by each named group of processes (each group a root and its descendants). */
export function cpuSeconds(groups: Record<string, number | null>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, root] of Object.entries(groups)) {
    if (!root) continue;
    out[name] = treeOf(root).reduce((n, pid) => n + (statOf(pid)?.cpu ?? 0), 0);
  }
  return out;
}

/** Lines of `ps` whose command mentions any of the needles. */
export function psMatching(needles: string[]): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,ppid,args', '--no-headers']).toString().split('\n');
  return out.filter((l) => needles.some((n) => l.includes(n)) && !l.includes('ps -eo'));
}

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, _idle, _iowait, irq, softirq, steal] = f as number[];
  return (user! + nice! + system! + irq! + softirq! + steal!) / CLK_TCK;
}

/**
 * Processes working in or naming a folder: what this bench started there and failed to stop
 * (redis-server rewrites its command line, so its working folder is what gives it away).
 */
export function processesUnder(dir: string): { pid: number; command: string }[] {
  const out: { pid: number; command: string }[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // not ours to read
      }
      if (cwd.startsWith(dir) || cmd.includes(dir)) out.push({ pid, command: cmd });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
