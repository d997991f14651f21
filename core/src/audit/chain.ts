import { z } from 'zod';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../tpp/canonical.ts';
import { localDateOf } from '../time/wib.ts';

/**
 * The audit trail's hash chain, as pure functions: what a row is hashed over, how a row links to the
 * one before it, and a verifier that walks rows in sequence order and names the first tampering it
 * sees. The database (platform/src/audit) stores the rows; anyone can re-check them with this file
 * and any SHA-256: hash = SHA-256(prev_hash + "\n" + material), hex.
 */

/** The hash the first row links to. */
export const AUDIT_GENESIS = '0'.repeat(64);

/** `kind:id`: what an entry is about, or a further thing it concerns (refs), e.g. `finding:12`. */
const ref = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[a-z_]+:[^\s\p{Cc}]+$/u, 'kind:id, no spaces or control characters');

export const auditEntry = z.object({
  /** When the change happened, from the role's clock (never the database's). */
  at: z.number().int().nonnegative(),
  /** Who did it: `user:<id>`, `token:<id>`, `device:<id>`, `system:<role>`. */
  actor: ref,
  /** What happened, dotted: `finding.stood`, `live_view.ended`, `user.role_changed`. */
  action: z
    .string()
    .min(3)
    .max(80)
    .regex(/^[a-z_]+(\.[a-z_]+)+$/, 'dotted lower-case words'),
  /** What it is about. */
  subject: ref,
  /** Other things it concerns, so their histories find it (the officer of a finding, the camera's office). */
  refs: z.array(ref).max(20).default([]),
  /** The facts of the change; stored as canonical JSON (RFC 8785). */
  payload: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEntryInput = z.input<typeof auditEntry>;
export type AuditEntry = z.infer<typeof auditEntry>;

/** A stored row, as verify reads it (at as its ISO text with milliseconds, payload as its stored text). */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  refs: readonly string[];
  payload: string;
  prevHash: string;
  hash: string;
}

/** The bytes a row is hashed over, apart from the link: its fields in a JSON array, then its payload text. */
export function auditMaterial(
  r: Pick<AuditRow, 'at' | 'actor' | 'action' | 'subject' | 'refs' | 'payload'>,
): string {
  // JSON.stringify of strings and arrays of strings is RFC 8785 canonical already.
  return `${JSON.stringify([r.at, r.actor, r.action, r.subject, r.refs])}\n${r.payload}`;
}

/** The text the SHA-256 runs over. */
export function auditHashInput(prevHash: string, material: string): string {
  return `${prevHash}\n${material}`;
}

export function auditHash(prevHash: string, material: string): string {
  return bytesToHex(sha256(utf8ToBytes(auditHashInput(prevHash, material))));
}

/** An entry as it will be stored, before it has a place in the chain. */
export interface AuditDraft {
  at: string;
  actor: string;
  action: string;
  subject: string;
  refs: string[];
  payload: string;
}

export function auditDraft(input: AuditEntryInput): AuditDraft {
  const e = auditEntry.parse(input);
  return {
    at: new Date(e.at).toISOString(),
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    refs: [...new Set(e.refs)].sort(),
    payload: canonicalJson(e.payload),
  };
}

/** A chain head someone printed or stored: the last row of a month, by seq and hash. */
export interface AuditAnchor {
  label: string;
  seq: number;
  hash: string;
}

export type AuditProblemKind =
  /** A row's content no longer gives its hash. */
  | 'altered'
  /** A sequence number is missing. */
  | 'removed'
  /** A row does not link to the row before it: one was put in, or rows swapped places. */
  | 'inserted_or_reordered'
  /** The chain ends before the recorded head or an anchor. */
  | 'truncated'
  /** An anchor names a row whose hash differs. */
  | 'anchor_mismatch';

export interface AuditProblem {
  kind: AuditProblemKind;
  seq: number;
  detail: string;
}

export interface AuditVerdict {
  ok: boolean;
  rows: number;
  last: { seq: number; hash: string } | null;
  problems: AuditProblem[];
}

/**
 * Walks rows in seq order (feed them in batches) and collects what is wrong. `hash` is the SHA-256
 * to use (a faster native one in Node; auditHash's by default).
 */
export class AuditVerifier {
  private prevSeq = 0;
  private prevHash = AUDIT_GENESIS;
  private count = 0;
  private readonly bySeq = new Map<number, AuditAnchor[]>();
  readonly problems: AuditProblem[] = [];

  constructor(
    private readonly anchors: readonly AuditAnchor[] = [],
    private readonly hash: (prevHash: string, material: string) => string = auditHash,
    private readonly maxProblems = 100,
  ) {
    for (const a of anchors) this.bySeq.set(a.seq, [...(this.bySeq.get(a.seq) ?? []), a]);
  }

  feed(rows: Iterable<AuditRow>): void {
    for (const r of rows) this.one(r);
  }

  private note(p: AuditProblem): void {
    if (this.problems.length < this.maxProblems) this.problems.push(p);
  }

  private one(r: AuditRow): void {
    this.count++;
    if (r.seq !== this.prevSeq + 1)
      this.note({
        kind: r.seq > this.prevSeq + 1 ? 'removed' : 'inserted_or_reordered',
        seq: r.seq,
        detail: `seq ${r.seq} follows ${this.prevSeq}`,
      });
    if (this.hash(r.prevHash, auditMaterial(r)) !== r.hash)
      this.note({ kind: 'altered', seq: r.seq, detail: 'content does not give the stored hash' });
    else if (r.prevHash !== this.prevHash && r.seq === this.prevSeq + 1)
      this.note({
        kind: 'inserted_or_reordered',
        seq: r.seq,
        detail: 'does not link to the row before it',
      });
    for (const a of this.bySeq.get(r.seq) ?? [])
      if (a.hash !== r.hash)
        this.note({
          kind: 'anchor_mismatch',
          seq: r.seq,
          detail: `${a.label}: anchor ${a.hash.slice(0, 12)}… differs`,
        });
    this.prevSeq = r.seq;
    this.prevHash = r.hash;
  }

  /** The verdict; `head` is the recorded end of the chain, if any. */
  finish(head?: { seq: number; hash: string }): AuditVerdict {
    const ends = [...(head ? [{ label: 'head', ...head }] : []), ...this.anchors];
    for (const a of ends)
      if (a.seq > this.prevSeq)
        this.note({
          kind: 'truncated',
          seq: a.seq,
          detail: `${a.label} names seq ${a.seq}; the chain ends at ${this.prevSeq}`,
        });
    if (head && head.seq === this.prevSeq && head.hash !== this.prevHash)
      this.note({
        kind: 'anchor_mismatch',
        seq: head.seq,
        detail: 'the recorded head differs from the last row',
      });
    return {
      ok: this.problems.length === 0,
      rows: this.count,
      last: this.count ? { seq: this.prevSeq, hash: this.prevHash } : null,
      problems: this.problems,
    };
  }
}

/** The WIB month (YYYY-MM) an instant falls in: a month's chain head is its last row by this. */
export function auditMonthOf(atMs: number): string {
  return localDateOf(atMs).slice(0, 7);
}
