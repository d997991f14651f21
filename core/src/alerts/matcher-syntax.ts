/**
 * Alertmanager's label matcher syntax (`name="value"`, `!=`, `=~`, `!~`), read without compiling any
 * regular expression: what the browser's silence form checks as a person types (the RE2 engine that
 * compiles the regexes, core/src/alerts/regex.ts, is loaded there only when a regex is written).
 */
export type MatchType = '=' | '!=' | '=~' | '!~';

export interface MatcherText {
  name: string;
  type: MatchType;
  value: string;
}

/**
 * Caps on what one silence may ask the workers to evaluate against every alert of the city: how many
 * matchers, how long each may be written, and how large a regex may compile (RE2 instructions; the
 * cost of one evaluation grows with it and with the label's length, never faster).
 */
export const MATCHER_LIMITS = { count: 20, length: 300, regexInstructions: 1000 } as const;

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"{},]*))\s*$/;

export class MatcherError extends Error {
  constructor(
    message: string,
    /** What kind of refusal: the grammar, the regular expression, or a cap. */
    readonly reason: 'syntax' | 'regex' | 'limit' = 'syntax',
  ) {
    super(message);
  }
}

export function readMatcher(text: string): MatcherText {
  if (text.length > MATCHER_LIMITS.length)
    throw new MatcherError(
      `matcher too long: ${text.length} characters, at most ${MATCHER_LIMITS.length}`,
      'limit',
    );
  const m = MATCHER.exec(text);
  if (!m)
    throw new MatcherError(
      `not a matcher: ${JSON.stringify(text)} (expected name="value", name!="value", name=~"regex" or name!~"regex")`,
    );
  const [, name, type, quoted, bare] = m;
  const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare!;
  return { name: name!, type: type as MatchType, value };
}

export const isRegex = (m: Pick<MatcherText, 'type'>): boolean => m.type === '=~' || m.type === '!~';

export function formatMatcher(m: MatcherText): string {
  return `${m.name}${m.type}${JSON.stringify(m.value)}`;
}
