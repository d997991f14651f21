import {
  addDays,
  epochAt,
  type EvidenceItem,
  type GateStatus,
  type KinerjaResult,
  type MonthId,
  type PolicyConfig,
} from '@pkk/core';
import { configDir } from '../config/paths.ts';
import { loadPolicy } from '../config/policy.ts';
import type { Db } from '../db/index.ts';
import { assignmentOn } from '../org/superior.ts';
import { officeKpiAchievements } from './office-kpis.ts';

/**
 * What the TPP run (issue 19 §4) reads of kinerja for a month, per officer:
 *
 * - `kinerja`: null when the officer has no target that month (R1.3: nothing realised). Else, by
 *   kinerja.yaml `method`: `predikat` → the superior's latest rating of the month through the matrix
 *   (null while unrated); `realisation` → each monthly target with what was realised, counted once
 *   the superior validated it (R7.1), an office KPI by its achievement from operations. `evidence`:
 *   one item per current realisation, weighted by its RHK, late when its evidence_late finding stands
 *   or is pending (a contested one is held out: see contested.ts; an overturned one is not late).
 * - `gate` (R1.5, R7.2): submitted = every reported target has a realisation; validated = each was
 *   validated by the direct superior within verification.superiorWorkingDays (else the superior who
 *   had to is named as `validator`, the negligent party); verified = the verifikator verified each.
 *
 * Deterministic for the same stored rows (no clock is read): the run can be rebuilt from them. Office
 * KPIs count operations up to the month's end. `opts.policy` defaults to config/ (CONFIG_DIR).
 */
let defaultPolicy: MonthInputsPolicy | undefined;

export type MonthInputsPolicy = Pick<PolicyConfig, 'workHours' | 'holidays' | 'kinerja' | 'thresholds'>;

export async function kinerjaMonthInputs(
  db: Db,
  month: MonthId,
  nips: readonly string[],
  opts: { policy?: MonthInputsPolicy } = {},
): Promise<Map<string, { kinerja: KinerjaResult | null; gate: GateStatus }>> {
  const policy = opts.policy ?? (defaultPolicy ??= loadPolicy(configDir(process.env.CONFIG_DIR ?? '')));
  const out = new Map<string, { kinerja: KinerjaResult | null; gate: GateStatus }>();
  if (nips.length === 0) return out;
  const wanted = [...new Set(nips)];
  const targets = await db
    .selectFrom('kinerja_targets as t')
    .innerJoin('kinerja_rhk as h', 'h.id', 't.rhk_id')
    .select(['t.id', 't.target', 'h.nip', 'h.weight', 'h.office_kpi'])
    .where('t.month', '=', month)
    .where('h.nip', 'in', wanted)
    .orderBy('t.id')
    .execute();
  const realisations = await db
    .selectFrom('kinerja_realisations as r')
    .leftJoin('findings as f', 'f.id', 'r.late_finding_id')
    .select([
      'r.id',
      'r.target_id',
      'r.nip',
      'r.realised',
      'r.status',
      'r.submitted_at',
      'r.activity_date',
      'r.late_finding_id',
      'f.standing as late_standing',
      'f.digest as late_digest',
    ])
    .where('r.month', '=', month)
    .where('r.nip', 'in', wanted)
    .where('r.superseded', '=', false)
    .execute();
  const decisions = realisations.length
    ? await db
        .selectFrom('kinerja_decisions')
        .select(['realisation_id', 'layer', 'outcome', 'in_time', 'by_nip'])
        .where(
          'realisation_id',
          'in',
          realisations.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  const ratings = await db
    .selectFrom('kinerja_ratings')
    .select(['id', 'nip', 'hasil_kerja', 'perilaku', 'rater_nip'])
    .where('month', '=', month)
    .where('nip', 'in', wanted)
    .orderBy('id', 'desc')
    .execute();
  const method = policy.kinerja.method.value;
  const nextMonth = `${addDays(`${month}-28`, 4).slice(0, 7)}-01`;
  const lastDay = addDays(nextMonth, -1);
  const monthEnd = epochAt(nextMonth, '00:00', policy.workHours.zone);

  for (const nip of wanted.sort()) {
    const mine = targets.filter((t) => t.nip === nip);
    const superior = (await assignmentOn(db, nip, lastDay))?.atasanNip ?? null;
    if (mine.length === 0) {
      out.set(nip, {
        kinerja: null,
        gate: { submitted: false, validated: false, validator: superior, verified: false },
      });
      continue;
    }
    const byTarget = new Map(realisations.filter((r) => r.nip === nip).map((r) => [r.target_id, r]));
    const reported = mine.filter((t) => t.office_kpi === null);
    let submitted = true;
    let validated = true;
    let verified = true;
    let validator: string | null = superior;
    const evidence: EvidenceItem[] = [];
    for (const t of reported) {
      const r = byTarget.get(t.id);
      if (!r || r.status === 'rejected') {
        submitted = false;
        validated = false;
        verified = false;
        continue;
      }
      const own = decisions.filter((d) => d.realisation_id === r.id);
      const sup = own.find((d) => d.layer === 'superior' && d.outcome === 'validated');
      if (!sup || !sup.in_time) {
        validated = false;
        // R7.2: who had to validate is named: the superior of the activity day.
        validator = (await assignmentOn(db, nip, r.activity_date))?.atasanNip ?? superior;
      }
      if (r.status !== 'verified') verified = false;
      const lateCounts =
        r.late_finding_id !== null && (r.late_standing === 'standing' || r.late_standing === 'pending');
      evidence.push({
        ref: `realisation:${r.id}`,
        weight: t.weight,
        late: lateCounts ? { findingId: r.late_finding_id!, digest: r.late_digest! } : null,
      });
    }
    const gate: GateStatus = { submitted, validated, validator, verified };
    let kinerja: KinerjaResult | null;
    if (method === 'predikat') {
      const rating = ratings.find((x) => x.nip === nip);
      kinerja = rating
        ? {
            basis: {
              method: 'matrix',
              hasilKerja: rating.hasil_kerja,
              perilaku: rating.perilaku,
              ratedBy: rating.rater_nip,
              ref: `rating:${rating.id}`,
            },
            evidence,
          }
        : null;
    } else {
      const kpis = mine.some((t) => t.office_kpi !== null)
        ? await officeKpiAchievements(db, policy, nip, month, monthEnd)
        : null;
      kinerja = {
        basis: {
          method: 'realisation',
          targets: mine.map((t) => {
            if (t.office_kpi !== null)
              return {
                ref: `target:${t.id}`,
                weight: t.weight,
                target: 10_000,
                realised: kpis?.[t.office_kpi] ?? 0,
              };
            const r = byTarget.get(t.id);
            const counts = r && (r.status === 'validated' || r.status === 'verified');
            return {
              ref: `target:${t.id}`,
              weight: t.weight,
              target: t.target,
              realised: counts ? r.realised : 0,
            };
          }),
        },
        evidence,
      };
    }
    out.set(nip, { kinerja, gate });
  }
  return out;
}
