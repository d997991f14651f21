import { z } from 'zod';
import {
  auditHistoryPage,
  auditHistoryQuery,
  auditVerifyReply,
  hrOutboxPage,
  hrSignalsPage,
  hrSignalsQuery,
  monthId,
} from '@pkk/core';
import { type AddOperation } from '../openapi/operation.ts';

/** The audit trail and the HR module's feed (issue 20). */
export function accountabilityOperations(add: AddOperation): void {
  add({
    method: 'get',
    path: '/api/v1/audit',
    operationId: 'getAuditHistory',
    summary: 'History of a finding, officer, camera, user, token, device or silence, newest first',
    description:
      'Rows of the append-only hash-chained audit log whose subject is, or whose refs include, the given `kind:id`. Each row says whether its content gives its hash and whether it links to the stored row before it. Admins and verifikator.',
    tag: 'audit',
    access: 'account',
    request: { query: auditHistoryQuery },
    ok: { 200: { description: 'Newest first', schema: auditHistoryPage } },
  });
  add({
    method: 'post',
    path: '/api/v1/audit/verify',
    operationId: 'verifyAuditChain',
    summary: 'Checks the whole audit chain now (admins)',
    description:
      'Recomputes every hash in sequence order and checks the recorded head and the month anchors: altered, removed, inserted or reordered rows and a truncated tail are named (as `npm run audit:verify`).',
    tag: 'audit',
    access: 'account',
    ok: { 200: { description: 'The verdict', schema: auditVerifyReply } },
  });
  add({
    method: 'get',
    path: '/api/v1/hr/discipline-signals',
    operationId: 'getHrDisciplineSignals',
    summary: 'Discipline signals for the HR module, after a cursor, in commit order (role hr)',
    description:
      "Standing personal findings and every later change to one already signalled (overturned, withdrawn, reopened, corrected). The cursor is commit-ordered: a change that commits late is never skipped, none is repeated. Poll with `after` = the previous page's `next`.",
    tag: 'hr',
    access: 'account',
    request: { query: hrSignalsQuery },
    ok: { 200: { description: 'The next signals, oldest first', schema: hrSignalsPage } },
  });
  add({
    method: 'get',
    path: '/api/v1/hr/months/{month}/export.csv',
    operationId: 'getHrMonthExport',
    summary: 'A published TPP month as CSV for SIASN / e-Kinerja (roles hr, admin)',
    description:
      "One row per officer: NIP, name, unit, kelas, basic, kinerja factor, each kind of disiplin cut, hukdis, paid, corrections posted later; the last line is the month's audit chain head (`# audit chain head YYYY-MM: seq N sha256 H`), an outside anchor for `npm run audit:verify -- --anchor YYYY-MM=N:H`.",
    tag: 'hr',
    access: 'account',
    request: { params: z.object({ month: monthId }) },
    ok: { 200: { description: 'CSV (RFC 4180)', content: { 'text/csv': { schema: z.string() } } } },
    errors: { 404: 'The month is not published (or the TPP tables are not installed yet)' },
  });
  add({
    method: 'get',
    path: '/api/v1/hr/outbox',
    operationId: 'getHrOutbox',
    summary: 'Webhook messages to the HR system that were dead-lettered, or are pending (admins)',
    tag: 'hr',
    access: 'account',
    request: { query: z.object({ status: z.enum(['dead', 'pending']).optional() }) },
    ok: { 200: { description: 'Newest first, at most 200', schema: hrOutboxPage } },
  });
}
