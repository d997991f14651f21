/**
 * Alertmanager's label matchers (`name="value"`, `!=`, `=~`, `!~`; regular expressions anchored at
 * both ends, as Alertmanager anchors them), so that routes, silences and inhibition rules read as an
 * operator who knows Alertmanager writes them.
 */
export type MatchType = '=' | '!=' | '=~' | '!~';
export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
  /** Compiled once, for the regex types. */
  re?: RegExp;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"{},]*))\s*$/;

export class MatcherError extends Error {}

export function parseMatcher(text: string): Matcher {
  const m = MATCHER.exec(text);
  if (!m)
    throw new MatcherError(
      `not a matcher: ${JSON.stringify(text)} (expected name="value", name!="value", name=~"regex" or name!~"regex")`,
    );
  const [, name, type, quoted, bare] = m;
  const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare!;
  const matcher: Matcher = { name: name!, type: type as MatchType, value };
  if (type === '=~' || type === '!~') {
    try {
      matcher.re = new RegExp(`^(?:${value})$`);
    } catch (err) {
      throw new MatcherError(`bad regular expression in ${JSON.stringify(text)}: ${(err as Error).message}`);
    }
  }
  return matcher;
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
      return m.re!.test(v);
    case '!~':
      return !m.re!.test(v);
  }
}

export function matchAll(ms: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return ms.every((m) => matchOne(m, labels));
}

export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.type}${JSON.stringify(m.value)}`;
}
