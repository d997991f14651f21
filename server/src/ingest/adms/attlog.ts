import { parseAttlog, previewBytes, type AttlogLineError } from '@pkk/core';
import { punchEvents } from '../announce.ts';
import type { IngestDeps } from '../json-routes.ts';
import type { PunchRow } from '../rows.ts';
import { storePunches, storeRaw } from '../store.ts';
import { checkTime } from '../validate.ts';
import { rawPayloadOf, type TerminalExchange } from './exchange.ts';
import type { Outcome } from './outcome.ts';

/**
 * An ATTLOG upload: every line judged on its own, the valid ones stored with the raw body in one
 * statement (idempotent on terminal, PIN and time), the bad ones kept in the raw record's rejects with
 * their reason. The reply `OK: <n>` counts the valid records, new or already held: a retried batch
 * must still let the terminal advance, and one bad line must never make it resend the batch forever.
 */
export async function ingestAttlog(deps: IngestDeps, x: TerminalExchange, table: string): Promise<Outcome> {
  const { ctx, directory, metrics } = deps;
  const { device } = x;
  const lines = parseAttlog(x.body, device.tzOffsetMinutes);
  const officers = await directory.officersOf(device.kelurahanCode);
  const timeCtx = { now: x.receivedAt.getTime(), thresholds: ctx.policy.thresholds.ingest };

  const rows: PunchRow[] = [];
  const rejects: AttlogLineError[] = [];
  let skewed = 0;
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
    if (time.flag) skewed++;
    rows.push({
      ref: r.pin,
      // Punches of PINs no officer is enrolled under are kept too: the registry may catch up.
      nip: officers.byPin.get(r.pin) ?? null,
      at: r.at,
      direction: r.direction,
      verify: r.verify,
      skewSeconds: time.skewSeconds,
    });
  }

  const raw = rawPayloadOf(x, table, { itemCount: lines.length, validCount: rows.length, rejects });
  let added: PunchRow[] = [];
  let seq: number | null = null;
  if (rows.length) ({ added, seq } = await storePunches(ctx.db, raw, device.kelurahanCode, rows));
  else await storeRaw(ctx.db, raw);

  metrics.ingestItems.inc({ channel: 'adms', result: 'accepted' }, added.length);
  metrics.ingestItems.inc({ channel: 'adms', result: 'duplicate' }, rows.length - added.length);
  metrics.ingestItems.inc({ channel: 'adms', result: 'rejected' }, rejects.length);
  metrics.ingestItems.inc({ channel: 'adms', result: 'flagged' }, skewed);
  if (rejects.length) {
    ctx.log.warn(
      { deviceId: device.id, serial: device.serial, rejected: rejects.length, first: rejects[0] },
      'ADMS lines refused; kept with their reasons in raw_payloads.rejects',
    );
  }
  // Only what this request added is announced, numbered: what was stored before is already in live
  // state, and a re-sent line must never show content the database does not hold.
  return { reply: `OK: ${rows.length}`, events: punchEvents(added), seq };
}
