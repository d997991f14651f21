import { isRegex, readMatcher, type MatcherText } from './matcher-syntax.ts';
import { compileRegex, type LabelRegex } from './regex.ts';

export * from './matcher-syntax.ts';

/**
 * Alertmanager's label matchers, so that routes, silences and inhibition rules read as an operator
 * who knows Alertmanager writes them; regexes run on RE2 (./regex.ts), anchored at both ends.
 */
export interface Matcher extends MatcherText {
  /** Compiled once, for the regex types. */
  re?: LabelRegex;
}

export function parseMatcher(text: string): Matcher {
  const m: Matcher = readMatcher(text);
  if (isRegex(m)) m.re = compileRegex(m.value);
  return m;
}

/** A missing label reads as the empty string, as in Alertmanager. */
export function matchOne(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[m.name] ?? '';
  switch (m.type) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return m.re!.matches(v);
    case '!~':
      return !m.re!.matches(v);
  }
}

export function matchAll(ms: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return ms.every((m) => matchOne(m, labels));
}

/**
 * The order to evaluate a silence's matchers in: equalities first (the area matcher a camat or lurah
 * must include is one, so another area's alerts are turned away before any regex runs), regexes last.
 */
export function cheapestFirst<M extends Pick<MatcherText, 'type'>>(ms: readonly M[]): M[] {
  return [...ms].sort((a, b) => Number(isRegex(a)) - Number(isRegex(b)));
}
