import { capDetails, parseAttlogCapped, previewBytes, type AttlogLineError, type ItemFlag } from '@pkk/core';
import { punchEvents } from '../announce.ts';
import type { IngestDeps } from '../json-routes.ts';
import { officerKey, type PunchRow } from '../rows.ts';
import { storePunches, storeRaw } from '../store.ts';
import { checkTime } from '../validate.ts';
import { rawPayloadOf, type TerminalExchange } from './exchange.ts';
import type { Outcome } from './outcome.ts';

/**
 * An ATTLOG upload: every line judged on its own, the valid ones stored with the raw body in one
 * statement (idempotent on terminal, officer and time), the bad ones kept in the raw record's rejects
 * with their reason. The reply `OK: <n>` counts the valid records, new or already held: a retried
 * batch must still let the terminal advance, and one bad line must never make it resend the batch
 * forever. A line whose key is held with other content (a conflict) counts too: a retry could never
 * do better; it is flagged in the raw record and the held version stands.
 *
 * What one upload may cost is bounded (adms.* in config/thresholds.yaml): at most maxLinesPerRequest
 * lines are read (the rest are counted in lines_unread and stay in the body, byte for byte), and at
 * most maxRejectDetails reject and flag details are kept (the rest are counted).
 */
export async function ingestAttlog(deps: IngestDeps, x: TerminalExchange, table: string): Promise<Outcome> {
  const { ctx, directory, metrics } = deps;
  const { device } = x;
  const caps = ctx.policy.thresholds.adms;
  const { lines, unread } = parseAttlogCapped(x.body, device.tzOffsetMinutes, caps.maxLinesPerRequest);
  const officers = await directory.officersOf(device.kelurahanCode);
  const timeCtx = { now: x.receivedAt.getTime(), thresholds: ctx.policy.thresholds.ingest };

  const rows: PunchRow[] = [];
  const rejects: AttlogLineError[] = [];
  const flags: ItemFlag[] = [];
  for (const line of lines) {
    if (!line.ok) {
      rejects.push(line.error);
      continue;
    }
    const r = line.record;
    const time = checkTime(r.at, r.line, 'time', timeCtx);
    if (time.error) {
      rejects.push({ ...time.error, text: previewBytes(`${r.pin}\t${r.localTime}`, 120) });
      continue;
    }
    if (time.flag) flags.push(time.flag);
    rows.push({
      index: r.line,
      ref: r.pin,
      // Punches of PINs no officer is enrolled under are kept too: the registry may catch up.
      nip: officers.byPin.get(r.pin) ?? null,
      officerKey: officerKey({ pin: r.pin }),
      at: r.at,
      direction: r.direction,
      verify: r.verify,
      skewSeconds: time.skewSeconds,
    });
  }

  const keptRejects = capDetails(rejects, caps.maxRejectDetails);
  const keptFlags = capDetails(flags, caps.maxRejectDetails);
  const raw = rawPayloadOf(x, table, {
    itemCount: lines.length + unread,
    validCount: rows.length,
    rejects: keptRejects.kept,
    rejectsOmitted: keptRejects.omitted,
    flags: keptFlags.kept,
    flagsOmitted: keptFlags.omitted,
    flagLimit: caps.maxRejectDetails,
    linesUnread: unread,
  });
  let added: PunchRow[] = [];
  let seq: number | null = null;
  let conflicts: ItemFlag[] = [];
  if (rows.length) ({ added, seq, conflicts } = await storePunches(ctx.db, raw, device.kelurahanCode, rows));
  else await storeRaw(ctx.db, raw);

  metrics.ingestItems.inc({ channel: 'adms', result: 'accepted' }, added.length);
  metrics.ingestItems.inc(
    { channel: 'adms', result: 'duplicate' },
    rows.length - added.length - conflicts.length,
  );
  metrics.ingestItems.inc({ channel: 'adms', result: 'conflict' }, conflicts.length);
  metrics.ingestItems.inc({ channel: 'adms', result: 'rejected' }, rejects.length);
  metrics.ingestItems.inc({ channel: 'adms', result: 'flagged' }, flags.length);
  if (rejects.length || unread) {
    ctx.log.warn(
      { deviceId: device.id, serial: device.serial, rejected: rejects.length, unread, first: rejects[0] },
      'ADMS lines refused or left unread; kept in raw_payloads (rejects, lines_unread, body)',
    );
  }
  if (conflicts.length) {
    ctx.log.warn(
      { deviceId: device.id, serial: device.serial, conflicts: conflicts.length, first: conflicts[0] },
      'ADMS punches re-sent with other content; the stored versions stand (raw_payloads.flags)',
    );
  }
  // Only what this request added is announced, numbered: what was stored before is already in live
  // state, and a re-sent line must never show content the database does not hold.
  return { reply: `OK: ${rows.length}`, events: punchEvents(added), seq };
}
