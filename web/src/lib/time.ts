/** Times are shown in the offices' zone (WIB for Palembang), whatever the device's own zone is. */

export const DEFAULT_ZONE = 'Asia/Jakarta';

const ZONE_LABELS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export function zoneLabel(zone: string): string {
  return ZONE_LABELS[zone] ?? zone;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, zone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${JSON.stringify(opts)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: zone });
    formats.set(key, f);
  }
  return f;
}

const localeOf = (lang: string) => (lang === 'en' ? 'en-GB' : 'id-ID');

/** `07:31` in the zone. */
export function formatTime(epochMs: number, zone = DEFAULT_ZONE, lang = 'id'): string {
  // hourCycle h23 and a colon in both languages (id-ID would write 07.31).
  const parts = fmt(localeOf(lang), zone, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(epochMs);
  const h = parts.find((p) => p.type === 'hour')?.value ?? '00';
  const m = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return `${h}:${m}`;
}

/** `Senin, 23 November 2026` / `Monday, 23 November 2026`. */
export function formatDate(epochMs: number, zone = DEFAULT_ZONE, lang = 'id'): string {
  return fmt(localeOf(lang), zone, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(epochMs);
}

/** Whole minutes and hours of a duration, for wording by the locale files. */
export function splitDuration(ms: number): { h: number; m: number; totalMinutes: number } {
  const totalMinutes = Math.max(0, Math.floor(ms / 60_000));
  return { h: Math.floor(totalMinutes / 60), m: totalMinutes % 60, totalMinutes };
}

/** "2 menit yang lalu" / "2 minutes ago" from the browser's own Intl data. */
export function formatAgo(ms: number, lang = 'id'): string {
  const rtf = new Intl.RelativeTimeFormat(localeOf(lang), { numeric: 'auto' });
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return new Intl.RelativeTimeFormat(localeOf(lang), { numeric: 'always' }).format(-s, 'second');
  const m = Math.floor(s / 60);
  if (m < 60) return rtf.format(-m, 'minute');
  const h = Math.floor(m / 60);
  if (h < 48) return rtf.format(-h, 'hour');
  return rtf.format(-Math.floor(h / 24), 'day');
}

export function formatNumber(n: number, lang = 'id'): string {
  return n.toLocaleString(localeOf(lang));
}

/** The calendar day (`YYYY-MM-DD`) and wall-clock time (`HH:mm`) of an instant in the zone (date and time inputs). */
export function localDateTime(epochMs: number, zone = DEFAULT_ZONE): { date: string; time: string } {
  const parts = fmt('en-GB', zone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(epochMs);
  const v = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '00';
  return { date: `${v('year')}-${v('month')}-${v('day')}`, time: `${v('hour')}:${v('minute')}` };
}

/**
 * The instant a date and time typed in the zone stand for, whatever the device's own zone (a form in
 * WIB on a laptop set to another zone); null for text that is not a date and a time.
 */
export function epochOfLocal(date: string, time: string, zone = DEFAULT_ZONE): number | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [y, mo, da, h, mi] = [...d.slice(1), ...t.slice(1)].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(y, mo - 1, da, h, mi);
  if (new Date(asUtc).getUTCDate() !== da || h > 23 || mi > 59) return null;
  // The zone's offset at that moment (twice, for a guess that lands across a change of offset).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const shown = localDateTime(guess, zone);
    const shownUtc = Date.parse(`${shown.date}T${shown.time}:00Z`);
    guess += asUtc - shownUtc;
  }
  return guess;
}

/** `Sen, 23 Nov` / `Mon, 23 Nov`: a day in a list or a window. */
export function formatShortDate(epochMs: number, zone = DEFAULT_ZONE, lang = 'id'): string {
  return fmt(localeOf(lang), zone, { weekday: 'short', day: 'numeric', month: 'short' }).format(epochMs);
}

/** `Sen, 23 Nov 10:00` and `12:00` (the end's day only when it differs): a silence's window. */
export function formatWindow(
  from: number,
  to: number,
  zone = DEFAULT_ZONE,
  lang = 'id',
): { from: string; to: string } {
  const sameDay = localDateTime(from, zone).date === localDateTime(to, zone).date;
  const at = (ms: number) => `${formatShortDate(ms, zone, lang)} ${formatTime(ms, zone, lang)}`;
  return { from: at(from), to: sameDay ? formatTime(to, zone, lang) : at(to) };
}
