import type { FindingChange } from '@pkk/core';
import { audit, type AuditTrx } from '../audit/log.ts';
import { recordHrSignal } from '../hr/signals.ts';

/**
 * The trail of committed finding changes, in the transaction that made them: one audit row each
 * (subject the finding, refs its officer and office, so their histories show it), and for a finding
 * about a person the HR signal when it stands or changes after HR was told.
 */
export async function recordFindingChanges(
  trx: AuditTrx,
  changes: readonly FindingChange[],
  by: { actor: string; at: number; detail?: Record<string, unknown> },
): Promise<void> {
  for (const c of changes) {
    const f = c.finding;
    const written = await audit(trx, {
      at: by.at,
      actor: by.actor,
      action: `finding.${c.action}`,
      subject: `finding:${f.id}`,
      refs: [`kelurahan:${f.subject.kelurahan}`, ...(f.subject.nip ? [`officer:${f.subject.nip}`] : [])],
      payload: {
        kind: f.kind,
        date: f.date,
        state: f.state,
        standing: f.standing,
        severity: f.severity,
        digest: f.fingerprint,
        escalationLevel: f.escalationLevel,
        ...(by.detail ?? {}),
      },
    });
    await recordHrSignal(trx, c, written.seq, by.at);
  }
}
