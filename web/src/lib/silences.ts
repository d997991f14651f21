import type { Finding, Me, Silence } from '@pkk/core';
import { formatMatcher, isRegex, MatcherError, readMatcher } from '@pkk/core/matchers';

/**
 * Silences as a person types and reads them: Alertmanager's matcher syntax (`name="value"`, `!=`,
 * `=~`, `!~`), read by the very parser the api validates with, so the form says what the api would.
 * Regexes are checked by the api's RE2 engine too, loaded only when one is written (it is larger
 * than the rest of the screen).
 */

export type MatcherInput =
  | { ok: true; matchers: string[] }
  | { ok: false; reason: 'empty' }
  | { ok: false; reason: 'syntax' | 'regex' | 'limit'; text: string; message: string };

/** Splits on commas and line breaks outside double quotes (`{a="x,y", b="z"}` is two matchers). */
function splitMatchers(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '\\' && i + 1 < text.length) {
      cur += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && (c === ',' || c === '\n')) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

/**
 * Reads what was typed, Alertmanager style: `{alertname="queue_wait_sla", kelurahan="16.71.01.1001"}`,
 * with or without the braces, one matcher per line or separated by commas. Gives each matcher in the
 * api's canonical form, or the first one that is not a matcher and why (its regex unchecked: see
 * checkMatcherInput).
 */
export function parseMatcherInput(text: string): MatcherInput {
  let body = text.trim();
  if (body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1);
  const parts = splitMatchers(body);
  if (!parts.length) return { ok: false, reason: 'empty' };
  const matchers: string[] = [];
  for (const part of parts) {
    try {
      matchers.push(formatMatcher(readMatcher(part)));
    } catch (err) {
      if (err instanceof MatcherError)
        return { ok: false, reason: err.reason, text: part, message: err.message };
      throw err;
    }
  }
  return { ok: true, matchers: [...new Set(matchers)] };
}

/** parseMatcherInput, and each regex compiled by RE2 as the api will (the engine fetched on first use). */
export async function checkMatcherInput(text: string): Promise<MatcherInput> {
  const parsed = parseMatcherInput(text);
  if (!parsed.ok) return parsed;
  const regexes = parsed.matchers.map(readMatcher).filter(isRegex);
  if (!regexes.length) return parsed;
  const { regexProblem } = await import('@pkk/core/regex');
  for (const m of regexes) {
    const message = regexProblem(m.value);
    if (message)
      return {
        ok: false,
        reason: message.startsWith('bad regular') ? 'regex' : 'limit',
        text: formatMatcher(m),
        message,
      };
  }
  return parsed;
}

/** `{a="x", b="y"}`: a silence's matchers as Alertmanager writes them. */
export function formatMatchers(matchers: readonly string[]): string {
  return `{${matchers.join(', ')}}`;
}

/**
 * The matcher a camat or lurah must include (the api refuses a silence without it: nobody mutes
 * another area's alerts); null for the city-wide roles.
 */
export function areaMatcher(me: Pick<Me, 'role' | 'kecamatanCode' | 'kelurahanCode'>): string | null {
  if (me.role === 'camat' && me.kecamatanCode) return `kecamatan=${JSON.stringify(me.kecamatanCode)}`;
  if (me.role === 'lurah' && me.kelurahanCode) return `kelurahan=${JSON.stringify(me.kelurahanCode)}`;
  return null;
}

/** The area matcher first (when the role needs one), then the rest, without repeats. */
export function withAreaMatcher(matchers: readonly string[], area: string | null): string[] {
  return [...new Set([...(area ? [area] : []), ...matchers])];
}

/** "Bisukan serupa": the alerts of the same kind at the same office as this finding. */
export function matchersLike(f: Pick<Finding, 'kind' | 'labels' | 'subject'>): string[] {
  return [
    `alertname=${JSON.stringify(f.labels.alertname ?? f.kind)}`,
    `kelurahan=${JSON.stringify(f.subject.kelurahan)}`,
  ];
}

const AREA = /^(kelurahan|kecamatan)="([0-9.]+)"$/;

/**
 * A declared office outage or maintenance window: a silence that mutes everything of one kelurahan
 * (its only matchers are `kelurahan="…"`, and the `kecamatan="…"` a camat must add). Inhibition in
 * core knows no outage of its own: the silence is what keeps the office's alerts from going out
 * (its findings are still recorded and shown in the inbox).
 */
export function outageOf(s: Pick<Silence, 'matchers'>): { kelurahan: string } | null {
  let kelurahan: string | null = null;
  let kecamatan: string | null = null;
  for (const m of s.matchers) {
    const hit = AREA.exec(m.replace(/\s/g, ''));
    if (!hit) return null;
    if (hit[1] === 'kelurahan') {
      if (kelurahan) return null;
      kelurahan = hit[2]!;
    } else kecamatan = hit[2]!;
  }
  if (!kelurahan || (kecamatan && !kelurahan.startsWith(`${kecamatan}.`))) return null;
  return { kelurahan };
}

/** The silence that declares an office out of service: the kelurahan, and the kecamatan a camat must name. */
export function outageMatchers(
  kelurahan: { code: string; kecamatanCode: string },
  me: Pick<Me, 'role'>,
): string[] {
  return [
    ...(me.role === 'camat' ? [`kecamatan=${JSON.stringify(kelurahan.kecamatanCode)}`] : []),
    `kelurahan=${JSON.stringify(kelurahan.code)}`,
  ];
}

/** Quick windows offered by the form, in minutes. */
export const DURATIONS = [60, 120, 240, 480, 1440, 4320, 10080] as const;

/** A silence's state at a server time (the list's own state was the server's when it was read). */
export function silenceState(s: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): Silence['state'] {
  return now >= s.endsAt ? 'expired' : now < s.startsAt ? 'pending' : 'active';
}

/** Active first, then those to come, then the ones over; newest first within each. */
export function sortSilences(list: readonly Silence[], now: number): Silence[] {
  const rank = { active: 0, pending: 1, expired: 2 } as const;
  return [...list].sort((a, b) => rank[silenceState(a, now)] - rank[silenceState(b, now)] || b.id - a.id);
}
