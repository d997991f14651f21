import {
  achievementBp,
  addDays,
  attendanceRate,
  deskCoverage,
  epochAt,
  localDateOf,
  medianAck,
  waitSla,
  type KpiInterval,
  type OfficeKpi,
  type PolicyConfig,
} from '@pkk/core';
import type { Db } from '../db/index.ts';
import { assignmentOn } from '../org/superior.ts';

/**
 * The office KPIs of a lurah's or a camat's indicators, gathered from operations for a month and
 * computed by core/src/kinerja/office-kpis.ts: the kelurahan of the officer's unit (a kecamatan office:
 * all its kelurahan), over the month up to `now`.
 */
export type KpiPolicy = Pick<PolicyConfig, 'workHours' | 'kinerja' | 'thresholds'>;

export async function officeKpiAchievements(
  db: Db,
  policy: KpiPolicy,
  nip: string,
  month: string,
  now: number,
): Promise<Record<OfficeKpi, number | null>> {
  const zone = policy.workHours.zone;
  const from = epochAt(`${month}-01`, '00:00', zone);
  const nextMonth = addDays(`${month}-28`, 4).slice(0, 7);
  const end = Math.min(now, epochAt(`${nextMonth}-01`, '00:00', zone));
  const codes = await officeCodes(db, nip, `${month}-01`);
  const none = { wait_sla: null, desk_coverage: null, attendance_rate: null, ack_median: null };
  if (codes.length === 0 || end <= from) return none;
  const range = [new Date(from), new Date(end)] as const;

  const queue = await db
    .selectFrom('queue_events')
    .select(['type', 'ticket_id', 'desk_code', 'occurred_at', 'kelurahan_code'])
    .where('kelurahan_code', 'in', codes)
    .where('occurred_at', '>=', range[0])
    .where('occurred_at', '<', range[1])
    .where('type', 'in', ['ticket.issued', 'ticket.called', 'desk.opened', 'desk.closed'])
    .orderBy('occurred_at')
    .execute();
  const tickets = new Map<string, { issuedAt: number; calledAt: number | null }>();
  const open: (KpiInterval & { desk: string })[] = [];
  const opened = new Map<string, number>();
  for (const e of queue) {
    const at = e.occurred_at.getTime();
    const key = `${e.kelurahan_code}|${e.ticket_id}`;
    if (e.type === 'ticket.issued' && e.ticket_id && !tickets.has(key))
      tickets.set(key, { issuedAt: at, calledAt: null });
    if (e.type === 'ticket.called' && e.ticket_id) {
      const t = tickets.get(key);
      if (t && t.calledAt === null) t.calledAt = at;
    }
    const desk = `${e.kelurahan_code}|${e.desk_code}`;
    if (e.type === 'desk.opened' && e.desk_code && !opened.has(desk)) opened.set(desk, at);
    if (e.type === 'desk.closed' && e.desk_code && opened.has(desk)) {
      open.push({ desk, from: opened.get(desk)!, to: at });
      opened.delete(desk);
    }
  }
  for (const [desk, at] of opened) open.push({ desk, from: at, to: end });

  const presence = await db
    .selectFrom('presence_observations')
    .select(['kelurahan_code', 'desk_code', 'present', 'observed_at'])
    .where('kelurahan_code', 'in', codes)
    .where('observed_at', '>=', range[0])
    .where('observed_at', '<', range[1])
    .orderBy('observed_at')
    .execute();
  const staffed: (KpiInterval & { desk: string })[] = [];
  const since = new Map<string, number>();
  for (const p of presence) {
    const desk = `${p.kelurahan_code}|${p.desk_code}`;
    const at = p.observed_at.getTime();
    if (p.present && !since.has(desk)) since.set(desk, at);
    if (!p.present && since.has(desk)) {
      staffed.push({ desk, from: since.get(desk)!, to: at });
      since.delete(desk);
    }
  }
  for (const [desk, at] of since) staffed.push({ desk, from: at, to: end });

  const punches = await db
    .selectFrom('attendance_punches')
    .select(['nip', 'punched_at'])
    .where('kelurahan_code', 'in', codes)
    .where('nip', 'is not', null)
    .where('punched_at', '>=', range[0])
    .where('punched_at', '<', range[1])
    .execute();
  const present = new Set(punches.map((p) => `${p.nip}|${localDateOf(p.punched_at.getTime(), zone)}`));
  const absent = await db
    .selectFrom('findings')
    .select(['nip', 'date'])
    .where('kind', '=', 'absent_no_notice')
    .where('kelurahan_code', 'in', codes)
    .where('date', '>=', `${month}-01`)
    .where('date', '<', `${nextMonth}-01`)
    .where('standing', 'in', ['pending', 'contested', 'standing'])
    .execute();
  const days = [
    ...[...present].map((k) => ({
      nip: k.split('|')[0]!,
      date: k.split('|')[1]!,
      status: 'present' as const,
    })),
    ...absent.map((a) => ({ nip: a.nip!, date: a.date, status: 'absent' as const })),
  ];

  const alerts = await db
    .selectFrom('findings')
    .select(['opened_at', 'acknowledged_at'])
    .where('kelurahan_code', 'in', codes)
    .where('nip', 'is', null)
    .where('opened_at', '>=', range[0])
    .where('opened_at', '<', range[1])
    .execute();

  const k = policy.kinerja.officeKpis;
  return {
    wait_sla: achievementBp({
      kind: 'share',
      bp: waitSla([...tickets.values()], policy.thresholds.queue.waitTargetMinutes, end).bp,
      targetBp: k.waitSlaBp.value,
    }),
    desk_coverage: achievementBp({
      kind: 'share',
      bp: deskCoverage(open, staffed).bp,
      targetBp: k.deskCoverageBp.value,
    }),
    attendance_rate: achievementBp({
      kind: 'share',
      bp: attendanceRate(days).bp,
      targetBp: k.attendanceRateBp.value,
    }),
    ack_median: achievementBp({
      kind: 'duration',
      ms: medianAck(
        alerts.map((a) => ({
          openedAt: a.opened_at.getTime(),
          acknowledgedAt: a.acknowledged_at?.getTime() ?? null,
        })),
        end,
      ).medianMs,
      targetMs: k.ackMedianMinutes.value * 60_000,
    }),
  };
}

/** The kelurahan an officer's unit covers on a day: its own, or all of its kecamatan's. */
async function officeCodes(db: Db, nip: string, date: string): Promise<string[]> {
  const a = await assignmentOn(db, nip, date);
  if (a?.unitKind === 'kelurahan') return [a.unitCode];
  if (a?.unitKind === 'kecamatan') {
    const rows = await db
      .selectFrom('kelurahan')
      .select('code')
      .where('kecamatan_code', '=', a.unitCode)
      .execute();
    return rows.map((r) => r.code);
  }
  if (a) return [];
  const o = await db
    .selectFrom('officers')
    .select('kelurahan_code')
    .where('nip', '=', nip)
    .executeTakeFirst();
  return o ? [o.kelurahan_code] : [];
}
