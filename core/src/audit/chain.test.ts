import { describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS,
  AuditVerifier,
  auditDraft,
  auditHash,
  auditMaterial,
  auditMonthOf,
  type AuditRow,
} from './chain.ts';

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = AUDIT_GENESIS;
  for (let i = 1; i <= n; i++) {
    const d = auditDraft({
      at: 1_800_000_000_000 + i,
      actor: 'user:1',
      action: 'finding.stood',
      subject: `finding:${i}`,
      payload: { b: 1, a: [i] },
    });
    const hash = auditHash(prev, auditMaterial(d));
    rows.push({ seq: i, ...d, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit chain (pure)', () => {
  it('stores the payload as canonical JSON and refs sorted, once each', () => {
    const d = auditDraft({
      at: 0,
      actor: 'system:workers',
      action: 'live_view.ended',
      subject: 'camera:c-1',
      refs: ['b:2', 'a:1', 'b:2'],
      payload: { z: 1, a: 'x' },
    });
    expect(d).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      actor: 'system:workers',
      action: 'live_view.ended',
      subject: 'camera:c-1',
      refs: ['a:1', 'b:2'],
      payload: '{"a":"x","z":1}',
    });
  });

  it('rejects entries that could blur the material (spaces, control characters, free-form actions)', () => {
    expect(() => auditDraft({ at: 0, actor: 'user:1\n', action: 'a.b', subject: 'x:1' })).toThrow();
    expect(() =>
      auditDraft({ at: 0, actor: 'user:1', action: 'Deleted Everything', subject: 'x:1' }),
    ).toThrow();
  });

  it('verifies an intact chain and names each kind of tampering', () => {
    const ok = new AuditVerifier();
    ok.feed(chain(5));
    expect(ok.finish({ seq: 5, hash: chain(5)[4]!.hash })).toMatchObject({ ok: true, rows: 5 });

    const altered = chain(5);
    altered[2] = { ...altered[2]!, actor: 'user:2' };
    const a = new AuditVerifier();
    a.feed(altered);
    expect(a.finish().problems[0]).toMatchObject({ kind: 'altered', seq: 3 });

    const removed = chain(5).filter((r) => r.seq !== 2);
    const b = new AuditVerifier();
    b.feed(removed);
    expect(b.finish().problems[0]).toMatchObject({ kind: 'removed', seq: 3 });

    const swapped = chain(5);
    const [r2, r3] = [swapped[1]!, swapped[2]!];
    swapped[1] = { ...r3, seq: 2 };
    swapped[2] = { ...r2, seq: 3 };
    const c = new AuditVerifier();
    c.feed(swapped);
    expect(c.finish().problems[0]).toMatchObject({ kind: 'inserted_or_reordered', seq: 2 });

    const d = new AuditVerifier([{ label: 'printed', seq: 5, hash: chain(5)[4]!.hash }]);
    d.feed(chain(5).slice(0, 3));
    expect(d.finish().problems).toEqual([expect.objectContaining({ kind: 'truncated', seq: 5 })]);
  });

  it('puts an instant in its WIB month', () => {
    expect(auditMonthOf(Date.parse('2026-11-30T17:30:00Z'))).toBe('2026-12');
    expect(auditMonthOf(Date.parse('2026-11-30T16:59:59Z'))).toBe('2026-11');
  });
});
