import { splitOperlog } from '@pkk/core';
import type { IngestDeps } from '../json-routes.ts';
import { storeRaw } from '../store.ts';
import { rawPayloadOf, type TerminalExchange } from './exchange.ts';
import type { Outcome } from './outcome.ts';

/**
 * Tables the product keeps but does not interpret yet. They are stored raw, byte for byte (GB2312
 * names, binary photos with NUL), and answered 200 only once stored, so that the terminal moves on.
 */

/** OPERLOG: operation log and enrolment records, counted for the reply. */
export async function storeOperlog(deps: IngestDeps, x: TerminalExchange, table: string): Promise<Outcome> {
  const n = splitOperlog(x.body).length;
  await storeRaw(deps.ctx.db, rawPayloadOf(x, table, { itemCount: n, validCount: n, rejects: [] }));
  return { reply: `OK: ${n}`, events: [] };
}

/** ATTPHOTO, options, BIODATA and tables unknown to the product: one opaque item each. */
export async function storeOpaque(
  deps: IngestDeps,
  x: TerminalExchange,
  table: string | null,
): Promise<Outcome> {
  const n = x.body.length ? 1 : 0;
  await storeRaw(deps.ctx.db, rawPayloadOf(x, table, { itemCount: n, validCount: n, rejects: [] }));
  return { reply: 'OK', events: [] };
}
