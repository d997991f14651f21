import { TERMINAL_PIN, type ItemError } from '../schemas/ingest.ts';
import { wallClockToEpoch } from '../time/wib.ts';
import {
  previewBytes,
  splitPushFields,
  splitPushLines,
  splitPushLinesCapped,
  type PushLine,
} from './lines.ts';
import { directionOfStatus, verifyOfCode, type PunchDirection, type PunchVerify } from './punch-codes.ts';

/**
 * The ATTLOG table of the ADMS push protocol: one punch per line, TAB-separated,
 * `PIN, YYYY-MM-DD HH:MM:SS, status, verify[, work code, reserved …]`. Firmware sends 4 to 16 or more
 * columns (often with a trailing TAB); only the first four mean the same everywhere, so they are read
 * positionally and the rest is kept raw. Every non-blank line gives a record or an error of its own:
 * one bad line never costs the others.
 */

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const CODE = /^\d{1,5}$/;

export interface AttlogRecord {
  /** Index of the line in the body (blank lines counted). */
  line: number;
  /** The PIN exactly as sent: leading zeros and letters are part of it. */
  pin: string;
  /** The terminal's wall-clock time as sent; it carries no zone. */
  localTime: string;
  /** That wall-clock time as an instant, read in the terminal's zone. */
  at: number;
  status: number;
  direction: PunchDirection;
  verifyCode: number;
  verify: PunchVerify;
  /** Columns after the fourth (work code, reserved, mask, …), raw; their meaning varies by firmware. */
  extra: string[];
}

export interface AttlogLineError extends ItemError {
  /** The start of the offending line, printable, for the operator who reads the rejects. */
  text: string;
}

export type AttlogLine = { ok: true; record: AttlogRecord } | { ok: false; error: AttlogLineError };

const REQUIRED = ['pin', 'time', 'status', 'verify'] as const;

/** Parses one ATTLOG line; `tzOffsetMinutes` is the terminal's offset east of UTC (420 for WIB). */
export function parseAttlogLine(line: PushLine, tzOffsetMinutes: number): AttlogLine {
  const fields = splitPushFields(line.bytes);
  const fail = (field: string, reason: string): AttlogLine => ({
    ok: false,
    error: { index: line.index, field, reason, text: previewBytes(line.bytes, 120) },
  });
  // latin1 maps each byte to one character, so the ASCII-only patterns below judge the bytes themselves.
  const text = (i: number) => fields[i]!.toString('latin1');
  if (fields.length < REQUIRED.length) {
    return fail(
      REQUIRED[fields.length]!,
      `missing: the line has ${fields.length} of the 4 required columns (PIN, time, status, verify)`,
    );
  }

  const pin = text(0);
  if (!pin) return fail('pin', 'empty PIN');
  if (!TERMINAL_PIN.test(pin))
    return fail('pin', `PIN ${previewBytes(fields[0]!)} is not 1-24 letters, digits or -`);

  const localTime = text(1);
  if (!LOCAL_TIME.test(localTime))
    return fail('time', `time ${previewBytes(fields[1]!)} is not YYYY-MM-DD HH:MM:SS`);
  const at = wallClockToEpoch(localTime, tzOffsetMinutes);
  if (at === null) return fail('time', `time ${previewBytes(localTime)} is not a real date-time`);

  const status = text(2);
  if (!CODE.test(status)) return fail('status', `status ${previewBytes(fields[2]!)} is not a number`);
  const verify = text(3);
  if (!CODE.test(verify)) return fail('verify', `verify ${previewBytes(fields[3]!)} is not a number`);

  return {
    ok: true,
    record: {
      line: line.index,
      pin,
      localTime,
      at,
      status: Number(status),
      direction: directionOfStatus(Number(status)),
      verifyCode: Number(verify),
      verify: verifyOfCode(Number(verify)),
      extra: fields.slice(4).map((f) => f.toString('utf8')),
    },
  };
}

/** Parses an ATTLOG body as the terminal sent it: one result per non-blank line, in order. */
export function parseAttlog(body: Buffer, tzOffsetMinutes: number): AttlogLine[] {
  return splitPushLines(body).map((line) => parseAttlogLine(line, tzOffsetMinutes));
}

/** Like parseAttlog, reading at most `maxLines` lines; `unread` counts the non-blank lines after them. */
export function parseAttlogCapped(
  body: Buffer,
  tzOffsetMinutes: number,
  maxLines: number,
): { lines: AttlogLine[]; unread: number } {
  const { lines, unread } = splitPushLinesCapped(body, maxLines);
  return { lines: lines.map((line) => parseAttlogLine(line, tzOffsetMinutes)), unread };
}
