import {
  layerWaiting,
  layerWorkingDays,
  workingDeadline,
  type EvidenceView,
  type PolicyConfig,
  type RealisationView,
} from '@pkk/core';
import type { Db } from '../db/index.ts';
import { directSuperiorOf } from '../org/superior.ts';
import { checkEvidenceSignature } from './signature.ts';

/** Reads of the kinerja tables into the API's views: the one place they are assembled. */

export type KinerjaPolicy = Pick<PolicyConfig, 'workHours' | 'holidays' | 'kinerja'>;

/** Evidence by id, each with its signature checked now. */
export async function evidenceByIds(db: Db, ids: readonly number[]): Promise<Map<number, EvidenceView>> {
  const out = new Map<number, EvidenceView>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('kinerja_evidence as e')
    .innerJoin('kinerja_blobs as b', 'b.sha256', 'e.sha256')
    .innerJoin('kinerja_keys as k', 'k.id', 'e.key_id')
    .select([
      'e.id',
      'e.sha256',
      'e.purpose',
      'e.filename',
      'e.statement',
      'e.signature',
      'e.nip',
      'e.uploaded_at',
      'b.mime',
      'b.size',
      'k.id as key_id',
      'k.public_key',
      'k.valid_from',
      'k.valid_to',
      'k.revoked',
      'k.nip as key_nip',
    ])
    .where('e.id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) {
    out.set(r.id, {
      id: r.id,
      sha256: r.sha256,
      mime: r.mime,
      size: r.size,
      filename: r.filename,
      purpose: r.purpose,
      nip: r.nip,
      uploadedAt: r.uploaded_at.getTime(),
      statement: r.statement,
      signature: checkEvidenceSignature(
        {
          id: r.key_id,
          public_key: r.public_key,
          valid_from: r.valid_from,
          valid_to: r.valid_to,
          revoked: r.revoked,
          nip: r.key_nip,
        },
        r,
      ),
    });
  }
  return out;
}

/** Evidence linked to realisations or to appealed findings. */
export async function linkedEvidence(
  db: Db,
  by: { realisations?: readonly number[]; findings?: readonly number[] },
): Promise<{ realisation: Map<number, EvidenceView[]>; finding: Map<number, EvidenceView[]> }> {
  const realisation = new Map<number, EvidenceView[]>();
  const finding = new Map<number, EvidenceView[]>();
  const r = by.realisations ?? [];
  const f = by.findings ?? [];
  if (r.length === 0 && f.length === 0) return { realisation, finding };
  const links = await db
    .selectFrom('kinerja_evidence_links')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(r.length ? [eb('realisation_id', 'in', [...r])] : []),
        ...(f.length ? [eb('finding_id', 'in', [...f])] : []),
      ]),
    )
    .orderBy('evidence_id')
    .execute();
  const ev = await evidenceByIds(
    db,
    links.map((l) => l.evidence_id),
  );
  for (const l of links) {
    const e = ev.get(l.evidence_id);
    if (!e) continue;
    if (l.realisation_id !== null)
      realisation.set(l.realisation_id, [...(realisation.get(l.realisation_id) ?? []), e]);
    if (l.finding_id !== null) finding.set(l.finding_id, [...(finding.get(l.finding_id) ?? []), e]);
  }
  return { realisation, finding };
}

/** Direct superiors of (nip, day) pairs, each looked up once. */
export function superiorLookup(db: Db): (nip: string, date: string) => Promise<string | null> {
  const cache = new Map<string, Promise<string | null>>();
  return (nip, date) => {
    const k = `${nip}|${date}`;
    let p = cache.get(k);
    if (!p) cache.set(k, (p = directSuperiorOf(db, nip, date)));
    return p;
  };
}

/** Realisations by id (current or not), as the API shows them. */
export async function realisationViews(
  db: Db,
  policy: KinerjaPolicy,
  ids: readonly number[],
  now: number,
): Promise<RealisationView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('kinerja_realisations as r')
    .innerJoin('kinerja_targets as t', 't.id', 'r.target_id')
    .innerJoin('kinerja_rhk as h', 'h.id', 't.rhk_id')
    .innerJoin('officers as o', 'o.nip', 'r.nip')
    .selectAll('r')
    .select(['t.target', 't.rhk_id', 'h.indicator', 'h.unit', 'o.name'])
    .where('r.id', 'in', [...new Set(ids)])
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .execute();
  const { realisation: evidence } = await linkedEvidence(db, { realisations: rows.map((r) => r.id) });
  const decisions = await db
    .selectFrom('kinerja_decisions as d')
    .innerJoin('users as u', 'u.id', 'd.by_user')
    .select([
      'd.realisation_id',
      'd.layer',
      'd.outcome',
      'd.reason',
      'u.username',
      'd.by_nip',
      'd.at',
      'd.in_time',
    ])
    .where(
      'd.realisation_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('d.id')
    .execute();
  const superior = superiorLookup(db);
  const cal = { workHours: policy.workHours, holidays: policy.holidays };
  const out: RealisationView[] = [];
  for (const r of rows) {
    const mine = decisions.filter((d) => d.realisation_id === r.id);
    const layer = r.superseded ? null : layerWaiting(r.status);
    let waitingOn: RealisationView['waitingOn'] = null;
    if (layer) {
      const reached =
        layer === 'superior'
          ? r.submitted_at.getTime()
          : (mine.findLast((d) => d.layer === 'superior' && d.outcome === 'validated')?.at.getTime() ??
            r.submitted_at.getTime());
      const dueAt = workingDeadline(reached, layerWorkingDays(policy.kinerja, layer), cal);
      waitingOn = {
        layer,
        nip: layer === 'superior' ? await superior(r.nip, r.activity_date) : null,
        dueAt,
        overdue: now >= dueAt,
      };
    }
    out.push({
      id: r.id,
      targetId: r.target_id,
      rhkId: r.rhk_id,
      indicator: r.indicator,
      unit: r.unit,
      nip: r.nip,
      name: r.name,
      month: r.month,
      activityDate: r.activity_date,
      target: r.target,
      realised: r.realised,
      note: r.note,
      status: r.status,
      submittedAt: r.submitted_at.getTime(),
      dueAt: r.due_at.getTime(),
      late: r.late,
      lateFindingId: r.late_finding_id,
      supersedes: r.supersedes,
      waitingOn,
      evidence: evidence.get(r.id) ?? [],
      decisions: mine.map((d) => ({
        layer: d.layer,
        outcome: d.outcome,
        reason: d.reason,
        by: d.username,
        byNip: d.by_nip,
        at: d.at.getTime(),
        inTime: d.in_time,
      })),
    });
  }
  return out;
}
