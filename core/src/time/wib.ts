import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** Every office of the product runs on one zone; regions in WITA/WIT set `zone` in config instead. */
export const DEFAULT_ZONE = 'Asia/Jakarta';

/** A calendar day in the office's zone, as `YYYY-MM-DD`. */
export type LocalDate = string;

export function localDateOf(epochMs: number, zone = DEFAULT_ZONE): LocalDate {
  return format(new TZDate(epochMs, zone), 'yyyy-MM-dd');
}

/** Wall-clock `HH:mm` of an instant in the zone. */
export function localTimeOf(epochMs: number, zone = DEFAULT_ZONE): string {
  return format(new TZDate(epochMs, zone), 'HH:mm');
}

/** ISO day of week of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Turns a wall-clock time with no zone (how attendance terminals report punches) into an instant,
 * using the terminal's offset in minutes east of UTC. Returns null for text that is not a real
 * date-time (month 13, 25:00, 31 February …).
 */
export function wallClockToEpoch(text: string, offsetMinutes: number): number | null {
  const m = LOCAL_DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as number[];
  const utc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const back = new Date(utc);
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo! - 1 ||
    back.getUTCDate() !== d ||
    back.getUTCHours() !== h ||
    back.getUTCMinutes() !== mi ||
    back.getUTCSeconds() !== s
  ) {
    return null;
  }
  return utc - offsetMinutes * 60_000;
}

/** The instant at which a wall-clock `HH:mm` happens on a local date in the zone. */
export function epochAt(date: LocalDate, hhmm: string, zone = DEFAULT_ZONE): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  return new TZDate(y, mo - 1, d, h, mi, 0, zone).getTime();
}

/** Adds whole days to a local date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Minutes from midnight of a `HH:mm` string. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
