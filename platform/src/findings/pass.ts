import { sql } from 'kysely';
import {
  addDays,
  DETECTORS,
  detectAll,
  epochAt,
  localDateOf,
  OfficeFacts,
  reconcile,
  workingDay,
  type FindingChange,
  type LocalDate,
} from '@pkk/core';
import type { Context } from '../context.ts';
import { appealEndsFor } from './appeal.ts';
import { loadCameras, loadDayEvents, loadDevices, loadLeave, loadOfficers } from '../office/load.ts';
import { attachDeskSnapshots } from './evidence.ts';
import { applyPlan, loadScope } from './store.ts';

const OCCURRENCE_DETECTORS = DETECTORS.filter((d) => d.nature === 'occurrence');

/**
 * One detection pass over one office: its day's facts read from PostgreSQL, every detector run, and
 * the findings reconciled, all in one transaction under a per-office advisory lock, so that passes
 * for one office (a tick and a delivery, on two worker processes) run one after the other and a
 * retried pass changes nothing. A past day gets its closing pass: occurrences final, as of its end.
 */
export async function detectOffice(
  ctx: Context,
  kelurahan: string,
  opts: { date?: LocalDate } = {},
): Promise<FindingChange[]> {
  const entry = ctx.registry.get(kelurahan);
  if (!entry) throw new Error(`unknown kelurahan ${kelurahan}`);
  const { workHours, holidays, detection, thresholds } = ctx.policy;
  const zone = workHours.zone;
  const clock = ctx.clock.now();
  const today = localDateOf(clock, zone);
  const date = opts.date ?? today;
  const closed = date < today;
  const now = closed ? epochAt(addDays(date, 1), '00:00', zone) - 1 : clock;

  return ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`detect:${kelurahan}`}))`.execute(trx);
    const [officers, leave, devices, cameras, events] = await Promise.all([
      loadOfficers(trx, kelurahan),
      loadLeave(trx, date, kelurahan),
      loadDevices(trx, kelurahan),
      loadCameras(trx, kelurahan),
      loadDayEvents(trx, date, zone, now, kelurahan),
    ]);
    const facts = new OfficeFacts(
      {
        code: kelurahan,
        kecamatanCode: entry.kecamatanCode,
        desks: ctx.registry.desksOf(kelurahan),
        services: ctx.registry.servicesOf(kelurahan),
        zone,
        punchDebounceMs: workHours.punchDebounceMinutes * 60_000,
        lateGraceMs: workHours.lateGraceSeconds * 1000,
      },
      workingDay(date, workHours, holidays),
    );
    facts.officers = officers.get(kelurahan) ?? [];
    facts.leave = leave.get(kelurahan) ?? new Map();
    facts.devices = devices.get(kelurahan) ?? [];
    facts.cameras = cameras;
    for (const e of events.get(kelurahan) ?? []) facts.apply(e);

    const { detections, unjudged } = detectAll(
      { facts, now, config: { detection, thresholds, clockSpeed: ctx.clock.speed } },
      closed ? OCCURRENCE_DETECTORS : DETECTORS,
    );
    await attachDeskSnapshots(trx, detections, cameras, detection.cameras.snapshotEvidenceMinutes * 60_000);
    const reopenWithinMs = detection.reopenWithinMinutes * 60_000;
    const stored = await loadScope(trx, kelurahan, date, new Date(now - reopenWithinMs));
    const plan = reconcile(stored, detections, { date, closed, unjudged, now, reopenWithinMs });
    return applyPlan(trx, plan, now, appealEndsFor(ctx.policy));
  });
}
