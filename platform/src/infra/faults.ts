/**
 * Named points where a test can make the next N passes fail, to prove what happens when a process
 * dies or a service drops a message at the worst moment (after a commit, before the announcement;
 * after a job's effect, before its acknowledgement). Nothing arms them outside tests, and an unarmed
 * point costs one map look-up.
 */
export type FaultPoint = 'announce' | 'outbox.enqueue' | 'job.after-effect';

export class InjectedFault extends Error {
  constructor(readonly point: FaultPoint) {
    super(`injected fault at ${point}`);
    this.name = 'InjectedFault';
  }
}

export class Faults {
  private readonly armed = new Map<FaultPoint, number>();

  arm(point: FaultPoint, times = 1): void {
    this.armed.set(point, (this.armed.get(point) ?? 0) + times);
  }

  /** Throws InjectedFault if the point is armed (and counts one use of it). */
  check(point: FaultPoint): void {
    const left = this.armed.get(point);
    if (!left) return;
    if (left === 1) this.armed.delete(point);
    else this.armed.set(point, left - 1);
    throw new InjectedFault(point);
  }
}
