import {
  attendancePunch,
  issuesToItemErrors,
  presenceObservation,
  queueEvent,
  type DeskDef,
  type ItemError,
  type ItemFlag,
  type ServiceDef,
  type ThresholdsFile,
} from '@pkk/core';
import type { z } from 'zod';
import type { Officers } from './directory.ts';
import { officerKey, type PresenceRow, type PunchRow, type QueueRow } from './rows.ts';

export interface ItemContext {
  now: number;
  thresholds: ThresholdsFile['ingest'];
  desks: DeskDef[];
  services: ServiceDef[];
  /** The office's officers: their NIPs, the NIP enrolled under each terminal PIN and back. */
  officers: Officers;
}

export interface Checked<R> {
  rows: R[];
  rejected: ItemError[];
  flagged: ItemFlag[];
}

/**
 * The time checks every event gets: refused when it cannot be true (before the earliest accepted
 * date, or further ahead than any clock error explains), flagged when the device clock runs ahead of
 * ours by more than the tolerance or the event is older than the backdate window, and stored either way.
 */
let earliestParsed = { date: '', ms: 0 };

export function checkTime(
  at: number,
  index: number,
  field: string,
  ctx: Pick<ItemContext, 'now' | 'thresholds'>,
): { error?: ItemError; skewSeconds: number | null; flag?: ItemFlag } {
  // Parsed once, not per item (this runs for every event of every batch).
  if (earliestParsed.date !== ctx.thresholds.earliestEventDate) {
    earliestParsed = {
      date: ctx.thresholds.earliestEventDate,
      ms: Date.parse(`${ctx.thresholds.earliestEventDate}T00:00:00Z`),
    };
  }
  const earliest = earliestParsed.ms;
  if (at < earliest)
    return {
      error: { index, field, reason: `before ${ctx.thresholds.earliestEventDate}` },
      skewSeconds: null,
    };
  const ahead = (at - ctx.now) / 1000;
  if (ahead > ctx.thresholds.maxFutureHours * 3600) {
    return {
      error: { index, field, reason: `more than ${ctx.thresholds.maxFutureHours} h in the future` },
      skewSeconds: null,
    };
  }
  if (ahead > ctx.thresholds.clockSkewToleranceSeconds) {
    const s = Math.round(ahead);
    return {
      skewSeconds: s,
      flag: { index, flag: 'clock_skew', detail: `device clock ${s} s ahead of the server` },
    };
  }
  // Stored either way: a terminal that was offline sends old punches, and they are real.
  const behindHours = -ahead / 3600;
  if (behindHours > ctx.thresholds.backdateWindowHours) {
    const h = Math.floor(behindHours);
    return {
      skewSeconds: null,
      flag: {
        index,
        flag: 'backdated',
        detail: `${h} h old when it arrived (window ${ctx.thresholds.backdateWindowHours} h)`,
      },
    };
  }
  return { skewSeconds: null };
}

function checkAll<S extends z.ZodType, R>(
  items: unknown[],
  schema: S,
  ctx: ItemContext,
  convert: (item: z.infer<S>, index: number, out: Checked<R>) => { row: R; at: number } | ItemError[],
): Checked<R> {
  const out: Checked<R> = { rows: [], rejected: [], flagged: [] };
  items.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      out.rejected.push(...issuesToItemErrors(index, parsed.error));
      return;
    }
    const converted = convert(parsed.data, index, out);
    if (Array.isArray(converted)) {
      out.rejected.push(...converted);
      return;
    }
    const t = checkTime(converted.at, index, 'time', ctx);
    if (t.error) {
      out.rejected.push(t.error);
      return;
    }
    if (t.flag) out.flagged.push(t.flag);
    (converted.row as { skewSeconds: number | null }).skewSeconds = t.skewSeconds;
    out.rows.push(converted.row);
  });
  return out;
}

export function checkPunches(items: unknown[], ctx: ItemContext): Checked<PunchRow> {
  return checkAll(items, attendancePunch, ctx, (p, index, out) => {
    // The schema guarantees exactly one of the two. Punches of people the registry does not know (yet)
    // are kept under the id they came with, and flagged.
    const nip =
      p.nip !== undefined
        ? ctx.officers.nips.has(p.nip)
          ? p.nip
          : null
        : (ctx.officers.byPin.get(p.pin!) ?? null);
    if (nip === null) {
      out.flagged.push({
        index,
        flag: 'unknown_person',
        detail:
          p.nip !== undefined
            ? `NIP ${p.nip} is not an officer of this kelurahan`
            : `no officer of this kelurahan is enrolled under PIN ${p.pin}`,
      });
    }
    const at = Date.parse(p.time);
    const key =
      p.nip !== undefined
        ? officerKey({ nip: p.nip, pinOf: ctx.officers.pinOf })
        : officerKey({ pin: p.pin! });
    return {
      at,
      row: {
        index,
        ref: p.nip ?? p.pin!,
        nip,
        officerKey: key,
        at,
        direction: p.direction,
        verify: p.verify,
        skewSeconds: null,
      },
    };
  });
}

export function checkQueueEvents(items: unknown[], ctx: ItemContext): Checked<QueueRow> {
  const desks = new Set(ctx.desks.map((d) => d.code));
  const services = new Set(ctx.services.map((s) => s.code));
  return checkAll(items, queueEvent, ctx, (e, index) => {
    const errors: ItemError[] = [];
    const desk = 'desk' in e ? e.desk : null;
    if (desk && !desks.has(desk))
      errors.push({ index, field: 'desk', reason: `desk '${desk}' is not configured for this kelurahan` });
    const toDesk = e.type === 'ticket.transferred' ? e.toDesk : undefined;
    if (toDesk && !desks.has(toDesk))
      errors.push({
        index,
        field: 'toDesk',
        reason: `desk '${toDesk}' is not configured for this kelurahan`,
      });
    const service = e.type === 'ticket.issued' ? e.service : null;
    if (service && !services.has(service))
      errors.push({
        index,
        field: 'service',
        reason: `service '${service}' is not offered by this kelurahan`,
      });
    const toService = e.type === 'ticket.transferred' ? (e.toService ?? null) : null;
    if (toService && !services.has(toService))
      errors.push({
        index,
        field: 'toService',
        reason: `service '${toService}' is not offered by this kelurahan`,
      });
    if (errors.length) return errors;
    const ticketId = 'ticketId' in e ? e.ticketId : null;
    const { type, time, ...rest } = e;
    const at = Date.parse(time);
    return {
      at,
      row: {
        index,
        type,
        subject: ticketId ?? `desk:${desk}`,
        ticketId,
        ticketNumber: e.type === 'ticket.issued' ? e.ticketNumber : null,
        service,
        desk,
        staffNip: 'staffNip' in e ? (e.staffNip ?? null) : null,
        toService,
        at,
        detail: rest,
        skewSeconds: null,
      },
    };
  });
}

export function checkPresence(items: unknown[], ctx: ItemContext): Checked<PresenceRow> {
  const desks = new Set(ctx.desks.map((d) => d.code));
  return checkAll(items, presenceObservation, ctx, (o, index) => {
    if (!desks.has(o.desk))
      return [{ index, field: 'desk', reason: `desk '${o.desk}' is not configured for this kelurahan` }];
    const at = Date.parse(o.time);
    return {
      at,
      row: {
        index,
        desk: o.desk,
        present: o.present,
        confidence: o.confidence,
        source: o.source,
        camera: o.camera ?? null,
        at,
        skewSeconds: null,
      },
    };
  });
}
