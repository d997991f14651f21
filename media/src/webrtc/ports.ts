/**
 * The UDP ports viewers are given (MEDIA_RTC_PORTS, `from-to`): one per viewer, because ICE, DTLS,
 * RTP and RTCP share it (bundle, rtcp-mux), so the firewall rule is exactly this range. A port goes
 * back to the pool when its session closes; the pool hands out the least recently freed one, so a
 * late packet for a closed viewer does not land in the next viewer's session at once.
 */
export class PortPool {
  private readonly free: number[] = [];
  private readonly used = new Set<number>();

  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    if (!(Number.isInteger(from) && Number.isInteger(to) && from > 0 && to <= 65535 && from <= to)) {
      throw new Error(`invalid RTC port range ${from}-${to}`);
    }
    for (let p = from; p <= to; p++) this.free.push(p);
  }

  static parse(range: string): PortPool {
    const m = /^(\d+)-(\d+)$/.exec(range.trim());
    if (!m) throw new Error(`invalid RTC port range "${range}" (expected from-to)`);
    return new PortPool(Number(m[1]), Number(m[2]));
  }

  /** Null when every port is taken. */
  take(): number | null {
    const port = this.free.shift();
    if (port === undefined) return null;
    this.used.add(port);
    return port;
  }

  /** A port the OS refused (bound by something else): kept out of the pool for this process. */
  retire(port: number): void {
    this.used.delete(port);
    const at = this.free.indexOf(port);
    if (at >= 0) this.free.splice(at, 1);
  }

  release(port: number): void {
    if (this.used.delete(port)) this.free.push(port);
  }

  get inUse(): number {
    return this.used.size;
  }

  get available(): number {
    return this.free.length;
  }
}

/** The reserved UDP port could not be bound (another program holds it); the viewer may offer again. */
export class PortUnavailable extends Error {
  constructor(readonly port: number) {
    super(`RTC port ${port} is in use by another program`);
  }
}
