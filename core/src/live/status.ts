import type { ThresholdsFile } from '../config/schema.ts';
import type { WorkingDay } from '../calendar/calendar.ts';
import type { KelurahanSummary, OfficeStatus, StatusReason } from '../schemas/live.ts';
import { epochAt } from '../time/wib.ts';

type Counts = Pick<
  KelurahanSummary,
  | 'staffExpected'
  | 'staffPresent'
  | 'waiting'
  | 'oldestWaitingSince'
  | 'desksOpen'
  | 'devicesOnline'
  | 'devicesTotal'
>;

/**
 * How long a device may be silent before it counts as offline, in the clock's milliseconds: the
 * threshold is real time (devices report on real timers), stretched by a simulated clock's speed.
 * The wall and the detectors judge silence by this one rule.
 */
export function offlineLimitMs(thresholds: ThresholdsFile, clockSpeed = 1): number {
  return thresholds.devices.offlineAfterSeconds * 1000 * clockSpeed;
}

export interface StatusContext {
  now: number;
  day: WorkingDay;
  zone: string;
  thresholds: ThresholdsFile;
}

const BREACH: ReadonlySet<StatusReason> = new Set(['wait_breach', 'no_desk_open']);

/**
 * The colour of an office on the wall. Closed outside office hours (unless citizens still wait),
 * offline when none of its devices reports, breach when a citizen waits past the service target or
 * nobody is at any desk while citizens wait, attention before that.
 */
export function classify(c: Counts, ctx: StatusContext): { status: OfficeStatus; reasons: StatusReason[] } {
  const hours = ctx.day.hours;
  const open =
    hours !== null &&
    ctx.now >= epochAt(ctx.day.date, hours.start, ctx.zone) &&
    ctx.now < epochAt(ctx.day.date, hours.end, ctx.zone);
  if (!open && c.waiting === 0) return { status: 'closed', reasons: ['outside_hours'] };
  if (c.devicesTotal > 0 && c.devicesOnline === 0)
    return { status: 'offline', reasons: ['all_devices_offline'] };

  const reasons: StatusReason[] = [];
  const q = ctx.thresholds.queue;
  const waitedMin = c.oldestWaitingSince === null ? 0 : (ctx.now - c.oldestWaitingSince) / 60_000;
  if (waitedMin >= q.waitTargetMinutes) reasons.push('wait_breach');
  else if (waitedMin >= q.waitAttentionMinutes) reasons.push('wait_long');
  if (c.waiting > 0 && c.desksOpen === 0) reasons.push('no_desk_open');
  const staffCheckFrom = hours
    ? epochAt(ctx.day.date, hours.start, ctx.zone) + ctx.thresholds.live.staffGraceMinutes * 60_000
    : Infinity;
  if (
    open &&
    ctx.now >= staffCheckFrom &&
    c.staffExpected > 0 &&
    c.staffPresent / c.staffExpected < ctx.thresholds.live.minStaffPresentRatio
  ) {
    reasons.push('staff_low');
  }
  if (c.devicesOnline < c.devicesTotal) reasons.push('device_offline');

  const status: OfficeStatus = reasons.some((r) => BREACH.has(r))
    ? 'breach'
    : reasons.length
      ? 'attention'
      : 'normal';
  return { status, reasons };
}
