import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './index.ts';
import * as init from './migrations/2026-11-23-0001-init.ts';
import * as outbox from './migrations/2026-12-01-0001-outbox.ts';
import * as ingestSecurity from './migrations/2026-12-01-0002-ingest-security.ts';
import * as findings from './migrations/2026-12-01-0003-findings.ts';
import * as alerts from './migrations/2026-12-01-0004-alerts.ts';
import * as cameras from './migrations/2026-12-02-0005-cameras.ts';
import * as deviceClock from './migrations/2026-12-02-0006-device-clock.ts';
import * as appeals from './migrations/2026-12-02-0007-appeals.ts';
import * as cameraNames from './migrations/2026-12-02-0008-camera-names.ts';
import * as liveViewCredentials from './migrations/2026-12-06-0201-live-view-credentials.ts';
import * as snapshotReferences from './migrations/2026-12-06-0202-snapshot-references.ts';
import * as terminalConfirmation from './migrations/2026-12-06-0301-terminal-confirmation.ts';
import * as delivery from './migrations/2026-12-06-0401-delivery.ts';
import * as organisation from './migrations/2026-12-06-0601-organisation.ts';
import * as orgRegister from './migrations/2026-12-06-0701-org-register.ts';
import * as kinerja from './migrations/2026-12-06-0801-kinerja.ts';
import * as auditLog from './migrations/2026-12-06-1201-audit-log.ts';
import * as hrSignals from './migrations/2026-12-06-1202-hr-signals.ts';
import * as tpp from './migrations/2026-12-06-1401-tpp.ts';

/**
 * Migrations in order. Names start with their date (YYYY-MM-DD-NNNN) and a test checks the list is
 * sorted and complete, so a migration can never be applied out of order or forgotten here.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-23-0001-init': init,
  '2026-12-01-0001-outbox': outbox,
  '2026-12-01-0002-ingest-security': ingestSecurity,
  '2026-12-01-0003-findings': findings,
  '2026-12-01-0004-alerts': alerts,
  '2026-12-02-0005-cameras': cameras,
  '2026-12-02-0006-device-clock': deviceClock,
  '2026-12-02-0007-appeals': appeals,
  '2026-12-02-0008-camera-names': cameraNames,
  '2026-12-06-0201-live-view-credentials': liveViewCredentials,
  '2026-12-06-0202-snapshot-references': snapshotReferences,
  '2026-12-06-0301-terminal-confirmation': terminalConfirmation,
  '2026-12-06-0401-delivery': delivery,
  '2026-12-06-0601-organisation': organisation,
  '2026-12-06-0701-org-register': orgRegister,
  '2026-12-06-0801-kinerja': kinerja,
  '2026-12-06-1201-audit-log': auditLog,
  '2026-12-06-1202-hr-signals': hrSignals,
  '2026-12-06-1401-tpp': tpp,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Advisory-lock key so that several api nodes starting together migrate once. */
const LOCK_KEY = 0x706b6b; // "pkk"

export async function migrateToLatest(db: Db): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${LOCK_KEY})`.execute(conn);
    try {
      // Name the schema: Kysely otherwise takes a migration table in any schema for ours.
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(conn);
      const migrator = new Migrator({ db: conn, provider, migrationTableSchema: rows[0]!.schema });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
    }
  });
}
