import { RE2JS, RE2JSException } from 're2js';
import { MATCHER_LIMITS, MatcherError } from './matcher-syntax.ts';

/** A compiled matcher regex: a full match of the label value. */
export interface LabelRegex {
  matches(value: string): boolean;
}

/** Regexes of silences and routes come back on every flush: compiled once each. */
const memo = new Map<string, LabelRegex>();
const MEMO_MAX = 2_000;

/**
 * A matcher's regular expression as Alertmanager runs it: Go's RE2 syntax (no lookaround, no
 * backreferences), anchored at both ends (`^(?:…)$`), matched in time linear in the label's length
 * (re2js, a port of RE2: no backtracking, so no pattern can stall the workers). A pattern RE2 refuses,
 * or one that compiles past the instruction cap, is a MatcherError naming why.
 */
export function compileRegex(pattern: string): LabelRegex {
  const hit = memo.get(pattern);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(`^(?:${pattern})$`);
  } catch (err) {
    if (err instanceof RE2JSException)
      throw new MatcherError(`bad regular expression ${JSON.stringify(pattern)}: ${err.message}`, 'regex');
    throw err;
  }
  const size = re.re2Input.numberOfInstructions();
  if (size > MATCHER_LIMITS.regexInstructions)
    throw new MatcherError(
      `regular expression too large: ${JSON.stringify(pattern)} compiles to ${size} instructions, at most ${MATCHER_LIMITS.regexInstructions}`,
      'limit',
    );
  const compiled: LabelRegex = { matches: (value) => re.matches(value) };
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(pattern, compiled);
  return compiled;
}

/** Why RE2 refuses a pattern, or null: for the silence form, loaded only when a regex is written. */
export function regexProblem(pattern: string): string | null {
  try {
    compileRegex(pattern);
    return null;
  } catch (err) {
    if (err instanceof MatcherError) return err.message;
    throw err;
  }
}
