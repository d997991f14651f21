import { z } from 'zod';
import {
  assignmentCreated,
  assignmentRequest,
  assignmentsQuery,
  assignmentView,
  caseCloseRequest,
  caseScanRequest,
  caseScanResponse,
  exportQuery,
  hukdisCasesResponse,
  hukdisCaseView,
  officerOrgResponse,
  orgImportRequest,
  orgImportResponse,
  sanctionAnnulRequest,
  sanctionRequest,
  sanctionsResponse,
} from '@pkk/core';
import { type AddOperation } from '../openapi/operation.ts';
import { XLSX_TYPE } from './organisation-io.ts';

const nipPath = z.object({ nip: z.string() });
const idPath = z.object({ id: z.string() });
const nipQuery = z.object({ nip: z.string().optional() });
const READERS =
  'Admins, HR and the mayor read the city; a camat and a lurah their area; an ASN themself. Other roles, and scoped accounts without their area, get 403.';

/** The organisation and sanctions operations of the REST API (issue 19 §1, §4). */
export function organisationOperations(add: AddOperation): void {
  const tag = 'organisation';
  add({
    method: 'get',
    path: '/api/v1/organisation/assignments',
    operationId: 'listAssignments',
    summary:
      'Assignments in force on a day (default today, WIB), with their superior, optionally of one unit',
    description: READERS,
    tag,
    access: 'account',
    request: { query: assignmentsQuery },
    ok: {
      200: {
        description: 'Rows in force in the caller’s area',
        schema: z.object({ date: z.string(), items: z.array(assignmentView) }),
      },
    },
  });
  add({
    method: 'post',
    path: '/api/v1/organisation/assignments',
    operationId: 'recordAssignment',
    summary: 'Record an assignment from a day: a move, a class change, a new superior (admins and HR)',
    description:
      'The row in force that day is closed (its validTo becomes validFrom); no other stored value changes. A request equal to the row in force, or to a row of the same day, is answered 200 and records nothing.',
    tag,
    access: 'account',
    request: { body: assignmentRequest },
    ok: {
      200: {
        description: 'Nothing to record: the same assignment is already recorded',
        schema: assignmentCreated,
      },
      201: { description: 'Recorded', schema: assignmentCreated },
    },
    errors: {
      403: 'Only admins and HR record assignments',
      409: 'History is recorded past this day, or a row of this day holds other values: history is never edited',
      422: 'No such officer, unit or superior, an officer as their own superior, or a chain of superiors that would loop',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/organisation/officers/{nip}',
    operationId: 'getOfficerOrganisation',
    summary: 'An officer’s assignment on a day (default today) and their history, newest first',
    description: READERS,
    tag,
    access: 'account',
    request: { params: nipPath, query: z.object({ date: z.string().optional() }) },
    ok: { 200: { description: 'The officer’s rows in the caller’s area', schema: officerOrgResponse } },
    errors: { 403: 'The officer has no row in the caller’s area', 404: 'Unknown officer' },
  });
  add({
    method: 'post',
    path: '/api/v1/organisation/import',
    operationId: 'importOrganisation',
    summary: 'Import assignments from CSV or XLSX (admins and HR), all or nothing, with a dry run',
    description:
      'The file (base64) has the export’s columns. Every error is named in `details` as { row, column, reason } (row 1 is the header) and nothing is stored. A dry run checks everything in a transaction that is rolled back and lists what each row would do.',
    tag,
    access: 'account',
    request: { body: orgImportRequest },
    ok: { 200: { description: 'Imported, or (dryRun) what the import would do', schema: orgImportResponse } },
    errors: {
      400: 'Invalid body, or the file has errors (details: row, column, reason); nothing stored',
      403: 'Only admins and HR import',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/organisation/export',
    operationId: 'exportOrganisation',
    summary: 'Export the assignments in the caller’s area as CSV or XLSX (the import’s columns)',
    description: READERS,
    tag,
    access: 'account',
    request: { query: exportQuery },
    ok: {
      200: {
        description: 'The file, as an attachment',
        content: { 'text/csv': { schema: z.string() }, [XLSX_TYPE]: { schema: z.string() } },
      },
    },
  });

  const stag = 'sanctions';
  add({
    method: 'get',
    path: '/api/v1/sanctions',
    operationId: 'listSanctions',
    summary: 'The sanctions register (R4.1, R4.2), newest first, annulments shown',
    description: READERS,
    tag: stag,
    access: 'account',
    request: { query: nipQuery },
    ok: { 200: { description: 'Sanctions of officers in the caller’s area', schema: sanctionsResponse } },
  });
  add({
    method: 'post',
    path: '/api/v1/sanctions',
    operationId: 'recordSanction',
    summary: 'Enter an SK in the sanctions register (admins and HR); may close an R4.3 case',
    tag: stag,
    access: 'account',
    request: { body: sanctionRequest },
    ok: { 201: { description: 'Recorded', schema: z.object({ id: z.number().int() }) } },
    errors: {
      400: 'Invalid body, or a kind that tpp.yaml hukdis.sanctions does not name',
      403: 'Only admins and HR keep the register',
      409: 'The SK is already recorded for this officer, or the case is closed',
      422: 'No such officer, or no such case about this officer',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/sanctions/{id}/annul',
    operationId: 'annulSanction',
    summary: 'Record the SK that annuls a sanction (the sanction’s row is kept)',
    tag: stag,
    access: 'account',
    request: { params: idPath, body: sanctionAnnulRequest },
    ok: { 201: { description: 'Annulled', schema: z.object({ id: z.number().int() }) } },
    errors: { 403: 'Only admins and HR keep the register', 404: 'No such sanction', 409: 'Already annulled' },
  });
  add({
    method: 'get',
    path: '/api/v1/sanctions/cases',
    operationId: 'listHukdisCases',
    summary: 'PP 94/2021 cases (R4.3) opened from standing absences, newest first',
    description: READERS,
    tag: stag,
    access: 'account',
    request: {
      query: z.object({ nip: z.string().optional(), state: z.enum(['open', 'closed']).optional() }),
    },
    ok: { 200: { description: 'Cases about officers in the caller’s area', schema: hukdisCasesResponse } },
  });
  add({
    method: 'post',
    path: '/api/v1/sanctions/cases/scan',
    operationId: 'scanHukdisCases',
    summary:
      'Count a year’s standing absent_no_notice days and open a case where a rung is crossed (admins and HR)',
    description:
      'Never imposes a sanction. One case per officer, year and rung: a second scan opens nothing new.',
    tag: stag,
    access: 'account',
    request: { body: caseScanRequest },
    ok: { 200: { description: 'The cases opened by this scan', schema: caseScanResponse } },
    errors: { 403: 'Only admins and HR open cases' },
  });
  add({
    method: 'post',
    path: '/api/v1/sanctions/cases/{id}/dismiss',
    operationId: 'dismissHukdisCase',
    summary: 'Close a case without a sanction, with the reason (admins and HR)',
    tag: stag,
    access: 'account',
    request: { params: idPath, body: caseCloseRequest },
    ok: { 200: { description: 'Closed', schema: hukdisCaseView } },
    errors: { 403: 'Only admins and HR close cases', 404: 'No such case', 409: 'Already closed' },
  });
}
