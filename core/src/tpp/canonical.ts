import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import type { TppRuleSet } from './compute.ts';
import type { TppMonthInput } from './inputs.ts';
import type { TppLine, TppRun } from './line.ts';
import { normalizeTppInput } from './normalize.ts';

/**
 * Canonical bytes and hashes of what a TPP run stores: RFC 8785 (JSON Canonicalization Scheme) text
 * through `canonicalize`, hashed with SHA-256 from @noble/hashes (pure JavaScript, so core runs the same
 * in the browser, where node:crypto is not). Anyone can recompute a hash with any JCS library.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('nothing to canonicalise');
  return text;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The hash a stored line is checked by: equal hashes, byte-identical lines. */
export function tppLineHash(line: TppLine): string {
  return sha256Hex(canonicalJson(line));
}

/** The rule set in force: what a run stores beside its lines. */
export function tppRulesHash(rules: TppRuleSet): string {
  return sha256Hex(canonicalJson(rules));
}

/** The month's inputs, in their canonical order (normalizeTppInput). */
export function tppInputHash(input: TppMonthInput): string {
  return sha256Hex(canonicalJson(normalizeTppInput(input)));
}

/** A whole run: its month, working days, unplaced cuts and the hash of every line, in NIP order. */
export function tppRunHash(run: TppRun): string {
  return sha256Hex(
    canonicalJson({
      month: run.month,
      workingDays: run.workingDays,
      unplaced: run.unplaced,
      lines: run.lines.map(tppLineHash),
    }),
  );
}
