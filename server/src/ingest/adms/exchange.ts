import type { Request } from 'express';
import type { Clock } from '@pkk/core';
import type { DeviceRow } from '../directory.ts';
import type { RawPayload } from '../rows.ts';

/** One request of an authenticated terminal, as the table handlers see it. */
export interface TerminalExchange {
  device: DeviceRow;
  /** When the request arrived, on the product's clock (simulated in the demo). */
  receivedAt: Date;
  /** The query string exactly as sent (still percent-encoded), kept with the raw body. */
  query: string | null;
  contentType: string | null;
  /** The body bytes as sent, whatever the Content-Type said (most terminals send none). */
  body: Buffer;
  /** The address the request came from (req.ip: the peer, or a trusted proxy's X-Forwarded-For). */
  sourceAddress: string | null;
  /** A query parameter's first value. */
  param(name: string): string | undefined;
}

export function exchangeOf(req: Request, clock: Clock): TerminalExchange {
  const q = req.originalUrl.indexOf('?');
  return {
    device: req.device!,
    receivedAt: new Date(clock.now()),
    query: q === -1 ? null : req.originalUrl.slice(q + 1),
    contentType: req.headers['content-type'] ?? null,
    body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    sourceAddress: req.ip ?? null,
    param: (name) => queryParam(req, name),
  };
}

export function queryParam(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/** The raw record of an exchange; every body a terminal sends is kept byte for byte. */
export function rawPayloadOf(
  x: TerminalExchange,
  admsTable: string | null,
  counts: Pick<RawPayload, 'itemCount' | 'validCount' | 'rejects'> &
    Partial<Pick<RawPayload, 'flags' | 'rejectsOmitted' | 'flagsOmitted' | 'linesUnread' | 'flagLimit'>>,
): RawPayload {
  return {
    deviceId: x.device.id,
    channel: 'adms',
    admsTable,
    query: x.query,
    contentType: x.contentType,
    body: x.body,
    sourceAddress: x.sourceAddress,
    receivedAt: x.receivedAt,
    flags: [],
    ...counts,
  };
}

const TABLE_NAME = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * The `table` parameter as it is recorded: terminals send ATTLOG, OPERLOG, ATTPHOTO, options, BIODATA …;
 * anything else (a decoded NUL would not even fit a text column) is recorded as `(invalid)`, the
 * query string keeps the original.
 */
export function recordedTableName(table: string): string {
  return TABLE_NAME.test(table) ? table : '(invalid)';
}
