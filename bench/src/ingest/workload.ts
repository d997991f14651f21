/**
 * The synthetic but plausible device traffic of the ingest benchmark: attendance punches and queue
 * ticket lifecycles of the 107 offices, all on today's date in WIB, every event unique (so that every
 * one is accepted), rendered straight to the JSON bodies devices send (string building, not
 * JSON.stringify: the load generator shares the machine with what it measures); and the ATTLOG a
 * terminal keeps, days of it, as it uploads it.
 */
import { epochAt, localDateOf, type Registry } from '@pkk/core';
import type { OfficeKeys } from '../../../e2e/support/seed.ts';

export interface Office {
  index: number;
  code: string;
  kecamatanCode: string;
  /** Bearer keys of the office's JSON attendance and queue devices. */
  keys: OfficeKeys;
  /** Serial of the office's ADMS terminal, for the re-upload run; null when it has none. */
  terminal: string | null;
  nips: string[];
  /** Officer NIP by desk code, for the staffNip of desk events. */
  deskOfficer: Map<string, string>;
  /** Services the office offers, each with a desk that serves it. */
  pairs: { service: string; desk: string; letter: string }[];
  punchSeq: number;
  ticketSeq: number;
}

export interface Punch {
  nip: string;
  at: number;
}

export interface QueueItem {
  type: 'ticket.issued' | 'ticket.called' | 'ticket.served';
  ticketId: string;
  ticketNumber: string;
  service: string;
  desk: string;
  staffNip: string | null;
  at: number;
}

export const OFFICERS_PER_OFFICE = 20;

/** An 18-digit NIP, unique per office and officer (birth date and appointment year, then office and officer). */
export function nipOf(officeIndex: number, officer: number): string {
  return `198501012010${String(officeIndex).padStart(3, '0')}${String(officer).padStart(3, '0')}`;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** `2026-11-23T07:31:05+07:00` (with `.123` when the instant is not on a whole second). */
export function wib(ms: number): string {
  const s = new Date(ms + 7 * 3600_000).toISOString();
  return `${ms % 1000 === 0 ? s.slice(0, 19) : s.slice(0, 23)}+07:00`;
}

/**
 * The span of today (WIB) that events fall in: office hours so far, or since midnight early in the
 * day. Never in the future, so no event is flagged for clock skew.
 */
export function todayWindow(now: number): { date: string; from: number; to: number } {
  const date = localDateOf(now, 'Asia/Jakarta');
  const midnight = epochAt(date, '00:00', 'Asia/Jakarta');
  const open = epochAt(date, '07:00', 'Asia/Jakarta');
  const close = epochAt(date, '17:00', 'Asia/Jakarta');
  const end = Math.min(now - 1000, close);
  const from = end - open >= 30 * 60_000 ? open : midnight;
  // Just after midnight there is little of today behind us; a few seconds are still enough (ms slots).
  const to = Math.max(end, from + 5000);
  if (localDateOf(to, 'Asia/Jakarta') !== date) throw new Error('window crosses midnight');
  return { date, from, to };
}

export class Workload {
  private readonly seconds: number;
  private readonly step: number;

  constructor(
    readonly offices: Office[],
    readonly window: { from: number; to: number },
    /** Distinguishes ticket ids of this run from any earlier one. */
    private readonly tag: string,
  ) {
    this.seconds = Math.max(1, Math.floor((window.to - window.from) / 1000));
    // A stride coprime with the number of seconds visits every second once before repeating.
    let step = 7919 % this.seconds || 1;
    while (gcd(step, this.seconds) !== 1) step++;
    this.step = step;
  }

  /** The k-th distinct instant of the window: whole seconds first, then the same seconds + k ms. */
  private slot(k: number, salt: number): number {
    const s = ((k + salt) * this.step) % this.seconds;
    const ms = Math.floor(k / this.seconds);
    if (ms > 999) throw new Error('time slots exhausted');
    return this.window.from + s * 1000 + ms;
  }

  punches(o: Office, n: number): Punch[] {
    const out: Punch[] = [];
    const per = o.nips.length;
    for (let i = 0; i < n; i++) {
      const seq = o.punchSeq++;
      out.push({ nip: o.nips[seq % per]!, at: this.slot(Math.floor(seq / per), o.index) });
    }
    return out;
  }

  /**
   * `n` queue events: whole ticket lifecycles (issued, called a few minutes later, served), or only
   * issued tickets (which raise the office's waiting count: what the latency probe watches).
   */
  queue(o: Office, n: number, lifecycle: boolean): QueueItem[] {
    const out: QueueItem[] = [];
    while (out.length < n) {
      const seq = o.ticketSeq++;
      const pair = o.pairs[seq % o.pairs.length]!;
      const ticketId = `${this.tag}-${o.index}-${seq}`;
      const ticketNumber = `${pair.letter}${String((seq % 999) + 1).padStart(3, '0')}`;
      const issued = this.slot(seq % (this.seconds * 1000), o.index * 7);
      const base = {
        ticketId,
        ticketNumber,
        service: pair.service,
        desk: pair.desk,
        staffNip: o.deskOfficer.get(pair.desk) ?? null,
      };
      out.push({ ...base, type: 'ticket.issued', at: issued });
      if (!lifecycle) continue;
      const called = Math.min(issued + (60 + (seq % 540)) * 1000, this.window.to);
      const served = Math.min(called + (120 + (seq % 780)) * 1000, this.window.to);
      if (out.length < n) out.push({ ...base, type: 'ticket.called', at: called });
      if (out.length < n) out.push({ ...base, type: 'ticket.served', at: served });
    }
    return out;
  }

  static attendanceBody(o: Office, punches: Punch[]): string {
    let s = `{"kelurahan":"${o.code}","punches":[`;
    for (let i = 0; i < punches.length; i++) {
      const p = punches[i]!;
      s += `${i ? ',' : ''}{"nip":"${p.nip}","time":"${wib(p.at)}","verify":"fingerprint"}`;
    }
    return `${s}]}`;
  }

  static queueBody(o: Office, items: QueueItem[]): string {
    let s = `{"kelurahan":"${o.code}","events":[`;
    for (let i = 0; i < items.length; i++) {
      const e = items[i]!;
      s += i ? ',' : '';
      if (e.type === 'ticket.issued') {
        s += `{"type":"ticket.issued","ticketId":"${e.ticketId}","ticketNumber":"${e.ticketNumber}","service":"${e.service}","time":"${wib(e.at)}"}`;
      } else {
        const staff = e.staffNip ? `,"staffNip":"${e.staffNip}"` : '';
        s += `{"type":"${e.type}","ticketId":"${e.ticketId}","desk":"${e.desk}"${staff},"time":"${wib(e.at)}"}`;
      }
    }
    return `${s}]}`;
  }
}

/** Offices of the registry with their services paired to a desk that serves each. */
export function officeLayout(
  registry: Registry,
): { code: string; kecamatanCode: string; pairs: Office['pairs']; desks: string[] }[] {
  return registry.policy.kelurahan.map((k) => {
    const desks = registry.desksOf(k.code);
    const pairs = registry.servicesOf(k.code).map((s, i) => ({
      service: s.code,
      desk: desks.find((d) => d.services.includes(s.code))!.code,
      letter: String.fromCharCode(65 + (i % 26)),
    }));
    return { code: k.code, kecamatanCode: k.kecamatanCode, pairs, desks: desks.map((d) => d.code) };
  });
}

export type Channel = 'attendance' | 'queue';

/** One batch of the mix: punches for the attendance device, or queue events for the kiosk. */
export interface Batch {
  office: Office;
  channel: Channel;
  count: number;
  punches?: Punch[];
  queue?: QueueItem[];
}

/** Round robin over the offices, alternating attendance and queue batches of `size`. */
export function mixOf(work: Workload, size: number): { next(): Batch } {
  let i = 0;
  return {
    next() {
      const k = i++;
      const office = work.offices[Math.floor(k / 2) % work.offices.length]!;
      if (k % 2 === 0)
        return { office, channel: 'attendance', count: size, punches: work.punches(office, size) };
      return { office, channel: 'queue', count: size, queue: work.queue(office, size, true) };
    },
  };
}

/** The JSON body a device sends for a batch. */
export function bodyOf(b: Batch): string {
  return b.punches ? Workload.attendanceBody(b.office, b.punches) : Workload.queueBody(b.office, b.queue!);
}

/**
 * A terminal's whole ATTLOG, newest day last, in uploads of `batch` lines: each officer's PIN (the
 * officers' pins are 1..20) punching in about 07:00 and out about 16:00 WIB, on the days before
 * `today`, as many days back as `lines` needs. Lines as push firmware writes them (tab separated,
 * local time, status 0 in / 1 out, verify 1 fingerprint).
 */
export function terminalLog(today: string, officers: number, lines: number, batch: number): Buffer[] {
  const midnight = epochAt(today, '00:00', 'Asia/Jakarta');
  const out: string[] = [];
  const days = Math.ceil(lines / (officers * 2));
  for (let d = days; d >= 1 && out.length < lines; d--) {
    const day = midnight - d * 86_400_000;
    for (const [status, hour] of [
      [0, 7],
      [1, 16],
    ] as const)
      for (let n = 0; n < officers && out.length < lines; n++) {
        const at = day + hour * 3600_000 + ((n * 37 + d * 13) % 3600) * 1000;
        const local = new Date(at + 7 * 3600_000).toISOString();
        out.push(`${n + 1}\t${local.slice(0, 10)} ${local.slice(11, 19)}\t${status}\t1\t0\t0\t0\n`);
      }
  }
  const uploads: Buffer[] = [];
  for (let i = 0; i < out.length; i += batch)
    uploads.push(Buffer.from(out.slice(i, i + batch).join(''), 'latin1'));
  return uploads;
}
