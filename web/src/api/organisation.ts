import type { AssignmentsResponse, OfficerOrgResponse, OrgImportResponse } from '@pkk/core';
import { request } from './http.ts';

/** The organisation register (issue 19 §1): assignments on a day, an officer's history, import and export. */
export type AssignmentsReply = AssignmentsResponse;
export type OfficerOrgReply = OfficerOrgResponse;
export type ImportReply = OrgImportResponse;
/** One error of an import, as the api names it. */
export interface ImportRowProblem {
  row: number;
  column: string;
  reason: string;
}

export const organisationApi = {
  assignments: (date: string | null) =>
    request<AssignmentsReply>('GET', `/api/v1/organisation/assignments${date ? `?date=${date}` : ''}`),
  officer: (nip: string, date: string | null) =>
    request<OfficerOrgReply>(
      'GET',
      `/api/v1/organisation/officers/${encodeURIComponent(nip)}${date ? `?date=${date}` : ''}`,
    ),
  importFile: (format: 'csv' | 'xlsx', content: string, dryRun: boolean) =>
    request<ImportReply>('POST', '/api/v1/organisation/import', { format, content, dryRun }),
  exportUrl: (format: 'csv' | 'xlsx', date: string | null, rows: 'current' | 'all') =>
    `/api/v1/organisation/export?format=${format}&rows=${rows}${date ? `&date=${date}` : ''}`,
};

/** A file's bytes as base64, for the import's JSON body. */
export async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
