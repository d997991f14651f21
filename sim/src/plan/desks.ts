import type { DeskDef, LocalDate } from '@pkk/core';
import { Rng } from '../random.ts';
import { MINUTE, toSecond } from '../time.ts';
import { PARAMS } from './params.ts';
import type { Block, DeskStaffing } from './queue.ts';
import type { OfficerDay } from './types.ts';

const D = PARAMS.desk;

/** A desk's unattended spell requested by a scenario. */
export interface AwayRequest {
  desk: string;
  at: number;
  minutes: number;
}

/**
 * Who sits at each desk today and when: the assigned officer if present; otherwise a present staff
 * member without a desk covers it (as offices do), unless `uncovered` says the desk stays closed.
 * The desk opens a few minutes after its officer arrives, closes for lunch and before they leave.
 * One desk a day stays open through lunch (piket, as front-line units may arrange under Perpres
 * 21/2023 Pasal 7); its officer takes a shorter break once the others are back.
 */
export function staffDesks(
  seed: string,
  date: LocalDate,
  code: string,
  desks: DeskDef[],
  days: OfficerDay[],
  uncovered: ReadonlySet<string>,
  awayRequests: AwayRequest[],
): DeskStaffing[] {
  const present = (d: OfficerDay | undefined) => d?.status === 'present' && d.arrival !== undefined;
  const spare = days.filter((d) => present(d) && d.officer.desk === null && !d.officer.leadership);
  const piket = desks.length >= 2 ? Rng.from(seed, 'piket', date, code).int(0, desks.length - 1) : -1;
  return desks.map((desk, index) => {
    const rng = Rng.from(seed, 'desk', date, code, desk.code);
    const own = days.find((d) => d.officer.desk === desk.code);
    const who = present(own) ? own : uncovered.has(desk.code) ? undefined : spare.shift();
    if (!who) return { desk, staffNip: null, openAt: null, blocks: [] };

    let openAt = toSecond(who.arrival! + rng.float(...D.openDelayMin) * MINUTE);
    const leaveAt = toSecond(who.departure! - rng.float(...D.closeBeforeLeaveMin) * MINUTE);
    const blocks: Block[] = [];
    if (who.breakOut !== undefined && who.breakBack !== undefined) {
      const out = index === piket ? who.breakBack : who.breakOut;
      const back = index === piket ? who.breakBack + D.piketBreakMin * MINUTE : who.breakBack;
      // A late arrival who comes in during lunch opens the desk after it.
      if (out <= openAt && back > openAt) openAt = back;
      else if (out > openAt && out < leaveAt)
        blocks.push({ kind: 'break', at: out, until: Math.min(back, leaveAt) });
    }
    for (const a of awayRequests)
      if (a.desk === desk.code && a.at > openAt && a.at < leaveAt)
        blocks.push({ kind: 'away', at: a.at, minutes: a.minutes });
    blocks.push({ kind: 'leave', at: leaveAt });
    blocks.sort((a, b) => a.at - b.at);
    if (leaveAt <= openAt) return { desk, staffNip: who.officer.nip, openAt: null, blocks: [] };
    return { desk, staffNip: who.officer.nip, openAt, blocks };
  });
}
