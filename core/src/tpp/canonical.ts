import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
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
  const text = jcs(value);
  if (text === undefined) throw new TypeError('nothing to canonicalise');
  return text;
}

/**
 * RFC 8785 for the JSON values a run stores (objects, arrays, strings, finite numbers, booleans,
 * null): object keys sorted by UTF-16 code units, strings and numbers as JSON.stringify writes them
 * (ECMAScript's serialisation, which JCS adopts), no whitespace; `undefined` members are left out and
 * `undefined` in an array is null, as JSON.stringify does. Byte for byte what the `canonicalize`
 * package gives (a property test checks it), several times faster: no intermediate JSON.stringify of
 * every object and array, one sort per object.
 */
function jcs(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError('a canonical number must be finite');
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('a bigint has no JSON form');
  }
  if (v === null) return 'null';
  const o = v as { toJSON?: () => unknown };
  if (typeof o.toJSON === 'function') return jcs(o.toJSON());
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      out += jcs(v[i]) ?? 'null';
    }
    return `${out}]`;
  }
  const rec = v as Record<string, unknown>;
  const keys = Object.keys(rec).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const text = jcs(rec[k]);
    if (text === undefined) continue;
    out += first ? '' : ',';
    out += `${JSON.stringify(k)}:${text}`;
    first = false;
  }
  return `${out}}`;
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
