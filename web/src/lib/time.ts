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
