import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// int8 (bigint ids, counts) as JS numbers: ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// dates (leave periods) stay `YYYY-MM-DD` strings: a Date would shift them by the process zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Kysely<Database>;

export interface DbOptions {
  url: string;
  poolSize: number;
  /** Schema to work in; tests give each suite its own. */
  schema?: string;
  /**
   * Errors of a connection outside a query (the server restarted or shut down), idle or checked out;
   * without a handler they crash the process.
   */
  onIdleError?: (err: Error) => void;
}

/** The one database access layer: a typed Kysely over a pg pool. */
export function createDb(opts: DbOptions): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  pool.on('error', (err) => opts.onIdleError?.(err));
  // The pool listens for errors of idle clients only: a client checked out between two statements (a
  // transaction, the notify job's held connection) whose server goes away emits an 'error' nobody
  // hears, and the process dies. A listener for the client's whole life turns that into a failed
  // statement (the next query on it fails, the pool discards it on release).
  pool.on('connect', (client) => client.on('error', (err) => opts.onIdleError?.(err)));
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

export { sql };
export type { Database };
