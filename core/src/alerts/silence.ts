import type { AlertingFile } from './config.ts';
import { cheapestFirst, matchAll, parseMatcher, type Matcher } from './matchers.ts';

export interface ActiveSilence {
  id: number;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
}

/**
 * A stored silence ready to evaluate: its matchers compiled (RE2) and ordered cheapest first, so the
 * area matcher turns another area's alerts away before any regex of it runs.
 */
export function activeSilence(s: {
  id: number;
  matchers: readonly string[];
  startsAt: number;
  endsAt: number;
}): ActiveSilence {
  return {
    id: s.id,
    matchers: cheapestFirst(s.matchers.map(parseMatcher)),
    startsAt: s.startsAt,
    endsAt: s.endsAt,
  };
}

/** The silences that mute an alert now: active at `now`, every matcher matching. */
export function silencedBy(
  labels: Readonly<Record<string, string>>,
  silences: readonly ActiveSilence[],
  now: number,
): number[] {
  return silences
    .filter((s) => s.startsAt <= now && now < s.endsAt && matchAll(s.matchers, labels))
    .map((s) => s.id);
}

/**
 * Whether an alert is inhibited by another that fires: a rule's source matches a firing alert, its
 * target matches this one, and the two agree on every `equal` label (an office's terminal offline
 * inhibits its attendance findings). An alert never inhibits itself.
 */
export function inhibited(
  labels: Readonly<Record<string, string>>,
  firing: readonly Readonly<Record<string, string>>[],
  rules: AlertingFile['inhibit_rules'],
): boolean {
  return rules.some(
    (r) =>
      matchAll(r.target_matchers, labels) &&
      firing.some(
        (src) =>
          src !== labels &&
          matchAll(r.source_matchers, src) &&
          !matchAll(r.target_matchers, src) &&
          r.equal.every((l) => (src[l] ?? '') === (labels[l] ?? '')),
      ),
  );
}
