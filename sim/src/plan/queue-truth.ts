import type { DeskDef, LocalDate } from '@pkk/core';
import { isoInZone, MINUTE } from '../time.ts';
import type { TruthEntry } from '../truth.ts';
import type { QueueItem } from './types.ts';

/** How the rules are set that the truth is told against (thresholds.yaml, detection.yaml). */
export interface QueueRules {
  waitTargetMs: number;
  unattendedMs: number;
}

/** A citizen's wait: from the ticket (or its hand-over) to the first call, or to giving up. */
interface Wait {
  ticket: string;
  service: string;
  from: number;
  to: number;
}

/** Cases this close to a threshold are neither real cases nor near misses: too close to call (borderline). */
const MARGIN_MS = 60_000;

export function waitsOf(events: QueueItem[], dayEnd: number): Wait[] {
  const open = new Map<string, { service: string; from: number }>();
  const services = new Map<string, string>();
  const out: Wait[] = [];
  const close = (ticket: string, at: number) => {
    const w = open.get(ticket);
    if (!w) return;
    open.delete(ticket);
    out.push({ ticket, service: w.service, from: w.from, to: at });
  };
  for (const { at, event: e } of events) {
    if (e.type === 'ticket.issued') {
      services.set(e.ticketId, e.service);
      open.set(e.ticketId, { service: e.service, from: at });
    } else if (e.type === 'ticket.transferred') {
      services.set(e.ticketId, e.toService);
      open.set(e.ticketId, { service: e.toService, from: at });
    } else if (e.type === 'ticket.called' || e.type === 'ticket.cancelled' || e.type === 'ticket.no_show') {
      close(e.ticketId, at);
    }
  }
  for (const t of [...open.keys()]) close(t, dayEnd);
  return out;
}

/** Waits past the target (real cases), and waits just under it (near misses). */
export function queueWaitTruth(
  waits: Wait[],
  rules: QueueRules,
  code: string,
  date: LocalDate,
  zone: string,
): TruthEntry[] {
  const out: TruthEntry[] = [];
  for (const w of waits) {
    const waited = w.to - w.from;
    const real = waited >= rules.waitTargetMs + MARGIN_MS;
    const near = waited < rules.waitTargetMs - MARGIN_MS && waited >= rules.waitTargetMs - 5 * MINUTE;
    const borderline = !real && !near && waited >= rules.waitTargetMs - MARGIN_MS;
    if (!real && !near && !borderline) continue;
    out.push({
      type: 'queue_wait_sla',
      kelurahan: code,
      ticket: w.ticket,
      service: w.service,
      date,
      from: isoInZone(w.from, zone),
      to: isoInZone(w.to, zone),
      conditionAt: isoInZone(w.from + rules.waitTargetMs, zone),
      minutes: Math.floor(waited / MINUTE),
      source: 'plan',
      ...(near ? { nearMiss: true } : {}),
      ...(borderline ? { borderline: true } : {}),
    });
  }
  return out;
}

/**
 * Each unattended spell as it happened, told against the rule: a real case when, with the officer
 * gone, a citizen waited for the desk's services for the threshold (long enough to be seen); a near
 * miss when the spell was shorter than the threshold or nobody waited that long in it.
 */
export function deskTruth(
  away: { desk: string; staffNip: string; from: number; to: number }[],
  waits: Wait[],
  desks: DeskDef[],
  rules: QueueRules,
  code: string,
  date: LocalDate,
  zone: string,
  source: (desk: string, from: number) => Pick<TruthEntry, 'source' | 'scenario'>,
): TruthEntry[] {
  const out: TruthEntry[] = [];
  for (const a of away) {
    const services = new Set(desks.find((d) => d.code === a.desk)?.services ?? []);
    let conditionAt = Infinity;
    let window = -Infinity;
    for (const w of waits) {
      if (!services.has(w.service)) continue;
      const t = Math.max(a.from, w.from) + rules.unattendedMs;
      const until = Math.min(w.to, a.to);
      if (until - t > window) window = until - t;
      if (t < until && t < conditionAt) conditionAt = t;
    }
    const real = window >= MARGIN_MS;
    const near = !real && (a.to - a.from < rules.unattendedMs - MARGIN_MS || window <= -MARGIN_MS);
    out.push({
      type: 'desk_unattended',
      kelurahan: code,
      nip: a.staffNip,
      desk: a.desk,
      date,
      from: isoInZone(a.from, zone),
      to: isoInZone(a.to, zone),
      minutes: Math.round((a.to - a.from) / MINUTE),
      ...(real
        ? { conditionAt: isoInZone(conditionAt, zone) }
        : near
          ? {
              nearMiss: true,
              note: a.to - a.from < rules.unattendedMs ? 'away under the threshold' : 'nobody waited',
            }
          : { borderline: true }),
      ...source(a.desk, a.from),
    });
  }
  return out;
}
