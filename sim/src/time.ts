/**
 * Wall-clock text the way devices write it: ISO 8601 with the zone's offset for JSON devices
 * (`2026-11-23T07:31:05+07:00`), and the bare local `YYYY-MM-DD HH:MM:SS` of ADMS terminals.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(epochMs: number, zone: string): Record<string, string> {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(zone, f);
  }
  return Object.fromEntries(f.formatToParts(epochMs).map((p) => [p.type, p.value]));
}

/** `2026-11-23T07:31:05+07:00` */
export function isoInZone(epochMs: number, zone: string): string {
  const p = partsOf(epochMs, zone);
  const offset = p.timeZoneName === 'GMT' ? '+00:00' : p.timeZoneName!.replace('GMT', '');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

/** A terminal's wall clock at `tzOffsetMinutes` east of UTC: `2026-11-23 07:31:05`. */
export function terminalTime(epochMs: number, tzOffsetMinutes: number): string {
  return new Date(epochMs + tzOffsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

export const MINUTE = 60_000;

/** Whole seconds: devices stamp to the second, and identical re-runs must produce identical text. */
export function toSecond(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}
