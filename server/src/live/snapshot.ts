import {
  localDateOf,
  workingDay,
  type DeviceInfo,
  type LeaveKind,
  type LiveEvent,
  type OfficerInfo,
  type WorkingDay,
} from '@pkk/core';
import type { Context } from '@pkk/platform/context';
import {
  loadDayEvents,
  loadDevices,
  loadLeave,
  loadOfficers,
  loadSequences,
} from '@pkk/platform/office/load';

/**
 * What live state is rebuilt from: one repeatable-read snapshot of PostgreSQL, so that the sequence
 * numbers say exactly which deliveries the events include.
 *
 * Every event of the day, whatever the clock says: live state follows what ingest announces, and
 * ingest announces an event stamped later than the server's clock as well (a terminal running
 * ahead), so a rebuild that stopped at "now" would not be the state the announcements build. It
 * also would not survive a clock set back (a demo restarted at the start of a day it had already
 * played): the events after "now" are in the database, their re-sent copies are duplicates that are
 * never announced again, and the wall would show nobody present all day.
 */
const WHOLE_DAY = Number.POSITIVE_INFINITY;

/** The working day (or not) that `now` falls in, by the office calendar. */
export function dayOf(ctx: Context, now: number): WorkingDay {
  const zone = ctx.policy.workHours.zone;
  return workingDay(localDateOf(now, zone), ctx.policy.workHours, ctx.policy.holidays);
}

export interface CitySnapshot {
  day: WorkingDay;
  officers: Map<string, OfficerInfo[]>;
  leave: Map<string, Map<string, LeaveKind>>;
  devices: Map<string, DeviceInfo[]>;
  events: Map<string, LiveEvent[]>;
  seqs: Map<string, number>;
}

/** Every office's registry rows, its events of the day and its sequence number. */
/** `now` decides the day. */
export async function readCity(ctx: Context, now: number): Promise<CitySnapshot> {
  const day = dayOf(ctx, now);
  const zone = ctx.policy.workHours.zone;
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => ({
      day,
      officers: await loadOfficers(trx),
      leave: await loadLeave(trx, day.date),
      devices: await loadDevices(trx),
      events: await loadDayEvents(trx, day.date, zone, WHOLE_DAY),
      seqs: await loadSequences(trx),
    }));
}

export interface OfficeSnapshot {
  events: LiveEvent[];
  seq: number;
  leave: Map<string, LeaveKind>;
}

/** One office's events of a day, its sequence number and its leave, in one snapshot. */
export async function readOffice(ctx: Context, code: string, day: WorkingDay): Promise<OfficeSnapshot> {
  const zone = ctx.policy.workHours.zone;
  const { events, seqs, leave } = await ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => ({
      events: await loadDayEvents(trx, day.date, zone, WHOLE_DAY, code),
      seqs: await loadSequences(trx, code),
      leave: await loadLeave(trx, day.date, code),
    }));
  return {
    events: events.get(code) ?? [],
    seq: seqs.get(code) ?? 0,
    leave: leave.get(code) ?? new Map(),
  };
}
