import {
  addDays,
  type AssignmentRequest,
  type AssignmentSegment,
  type LocalDate,
  type MonthId,
  type OrgUnit,
} from '@pkk/core';
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { OfficerAssignmentsTable } from '../db/schema.ts';

/**
 * Writing the organisation's history (officer_assignments). A new assignment starts on a day and
 * closes the row in force that day (its `valid_to`, exclusive, becomes the new row's start); no
 * other column of a stored row is ever changed. History before the latest row is closed: a change
 * that should have started earlier is recorded from today and, for a locked month, corrected by the
 * TPP run as a correction line, never by rewriting the past.
 */

export type AssignmentRow = Selectable<OfficerAssignmentsTable>;

/** Why a request cannot be recorded: a field at fault (invalid) or what is stored (conflict). */
export interface AssignmentProblem {
  kind: 'invalid' | 'conflict';
  field: string;
  reason: string;
}

export type RecordOutcome =
  | { ok: true; action: 'create'; row: AssignmentRow; closed: number | null }
  | { ok: true; action: 'unchanged'; row: AssignmentRow; closed: null }
  | { ok: false; problems: AssignmentProblem[] };

/** How far up a chain of superiors a cycle is looked for (no real chain is this long). */
const MAX_CHAIN = 64;

const sameContent = (r: AssignmentRow, a: AssignmentRequest) =>
  r.unit_kind === a.unit.kind &&
  r.unit_code === a.unit.code &&
  r.jabatan === a.jabatan &&
  r.jenis_jabatan === a.jenisJabatan &&
  r.kelas_jabatan === a.kelasJabatan &&
  r.golongan === a.golongan &&
  (r.tpp_basic === null ? null : Number(r.tpp_basic)) === a.tppBasic &&
  r.atasan_nip === a.atasanNip;

/**
 * Records one assignment inside the caller's transaction (`tx`): the officer's row is locked, so two
 * writers of one officer take turns. `unitExists` is the registry's answer for kelurahan and kecamatan.
 */
export async function recordAssignment(
  tx: Db,
  a: AssignmentRequest,
  recordedBy: string,
  unitExists: (u: OrgUnit) => boolean,
): Promise<RecordOutcome> {
  const problems: AssignmentProblem[] = [];
  const officer = await tx
    .selectFrom('officers')
    .select('nip')
    .where('nip', '=', a.nip)
    .forUpdate()
    .executeTakeFirst();
  if (!officer) problems.push({ kind: 'invalid', field: 'nip', reason: `no officer with NIP ${a.nip}` });
  if (!unitExists(a.unit))
    problems.push({ kind: 'invalid', field: 'unit.code', reason: `no ${a.unit.kind} ${a.unit.code}` });
  if (a.atasanNip !== null) {
    if (a.atasanNip === a.nip)
      problems.push({ kind: 'invalid', field: 'atasanNip', reason: 'an officer is not their own superior' });
    else if (
      !(await tx.selectFrom('officers').select('nip').where('nip', '=', a.atasanNip).executeTakeFirst())
    )
      problems.push({ kind: 'invalid', field: 'atasanNip', reason: `no officer with NIP ${a.atasanNip}` });
    else if (await leadsBackTo(tx, a.atasanNip, a.nip, a.validFrom))
      problems.push({
        kind: 'invalid',
        field: 'atasanNip',
        reason: `${a.atasanNip} is under ${a.nip} on ${a.validFrom}: superiors would form a cycle`,
      });
  }
  if (problems.length) return { ok: false, problems };

  const same = await tx
    .selectFrom('officer_assignments')
    .selectAll()
    .where('nip', '=', a.nip)
    .where('valid_from', '=', a.validFrom)
    .executeTakeFirst();
  if (same) {
    if (sameContent(same, a)) return { ok: true, action: 'unchanged', row: same, closed: null };
    return {
      ok: false,
      problems: [
        {
          kind: 'conflict',
          field: 'validFrom',
          reason: `${a.nip} already has a row from ${a.validFrom} with other values; history is never edited: record the change from a later day`,
        },
      ],
    };
  }
  const latest = await tx
    .selectFrom('officer_assignments')
    .selectAll()
    .where('nip', '=', a.nip)
    .orderBy('valid_from', 'desc')
    .executeTakeFirst();
  let closed: number | null = null;
  if (latest) {
    if (latest.valid_from > a.validFrom)
      return {
        ok: false,
        problems: [
          {
            kind: 'conflict',
            field: 'validFrom',
            reason: `history of ${a.nip} is recorded up to a row from ${latest.valid_from}; history is never edited: record the change from a later day`,
          },
        ],
      };
    const inForce = latest.valid_to === null || latest.valid_to > a.validFrom;
    if (inForce && sameContent(latest, a))
      return { ok: true, action: 'unchanged', row: latest, closed: null };
    if (inForce) {
      await tx
        .updateTable('officer_assignments')
        .set({ valid_to: a.validFrom })
        .where('id', '=', latest.id)
        .execute();
      closed = latest.id;
    }
  }
  const row = await tx
    .insertInto('officer_assignments')
    .values({
      nip: a.nip,
      valid_from: a.validFrom,
      valid_to: null,
      unit_kind: a.unit.kind,
      unit_code: a.unit.code,
      jabatan: a.jabatan,
      jenis_jabatan: a.jenisJabatan,
      kelas_jabatan: a.kelasJabatan,
      golongan: a.golongan,
      tpp_basic: a.tppBasic,
      atasan_nip: a.atasanNip,
      recorded_by: recordedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ok: true, action: 'create', row, closed };
}

/** Whether `nip` is reached going up from `start`'s superiors on `date`. */
async function leadsBackTo(db: Db, start: string, nip: string, date: LocalDate): Promise<boolean> {
  let at: string | null = start;
  for (let i = 0; at !== null && i < MAX_CHAIN; i++) {
    if (at === nip) return true;
    const r: { atasan_nip: string | null } | undefined = await db
      .selectFrom('officer_assignments')
      .select('atasan_nip')
      .where('nip', '=', at)
      .where('valid_from', '<=', date)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]))
      .executeTakeFirst();
    at = r?.atasan_nip ?? null;
  }
  return false;
}

/** The rows in force on a day, optionally of one unit. */
export async function assignmentsOn(
  db: Db,
  date: LocalDate,
  unit?: { kind?: OrgUnit['kind']; code?: string },
): Promise<AssignmentRow[]> {
  let q = db
    .selectFrom('officer_assignments')
    .selectAll()
    .where('valid_from', '<=', date)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', date)]));
  if (unit?.kind) q = q.where('unit_kind', '=', unit.kind);
  if (unit?.code) q = q.where('unit_code', '=', unit.code);
  return q
    .orderBy('unit_kind')
    .orderBy('unit_code')
    .orderBy('kelas_jabatan', 'desc')
    .orderBy('nip')
    .execute();
}

/**
 * An officer's assignments that touch a month, as the TPP run reads them (AssignmentSegment): `to`
 * is the last day, inclusive (the stored `valid_to` is exclusive); `ref` names the row.
 */
export async function segmentsOf(db: Db, nip: string, month: MonthId): Promise<AssignmentSegment[]> {
  const first = `${month}-01`;
  const next = addDays(`${month}-28`, 7).slice(0, 7) + '-01';
  const rows = await db
    .selectFrom('officer_assignments')
    .selectAll()
    .where('nip', '=', nip)
    .where('valid_from', '<', next)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', first)]))
    .orderBy('valid_from')
    .execute();
  return rows.map((r) => ({
    ref: `officer_assignments:${r.id}`,
    from: r.valid_from,
    to: r.valid_to === null ? null : addDays(r.valid_to, -1),
    kelas: r.kelas_jabatan,
    golongan: r.golongan,
    jenisJabatan: r.jenis_jabatan,
    unit: { kind: r.unit_kind, code: r.unit_code },
    superior: r.atasan_nip,
    basicOverride: r.tpp_basic === null ? null : Number(r.tpp_basic),
  }));
}
