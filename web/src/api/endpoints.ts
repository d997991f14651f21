import type {
  AuditHistoryPage,
  AuditVerifyReply,
  Finding,
  FindingDetail,
  HolidaysResponse,
  KelurahanEntry,
  Me,
  ServiceDef,
  Silence,
} from '@pkk/core';
import { request } from './http.ts';

export interface KecamatanInfo {
  code: string;
  name: string;
  nameLegacy: string;
  kelurahanCount: number;
  lat: number;
  lng: number;
}

export interface RegistryInfo {
  kecamatan: KecamatanInfo[];
  kelurahan: KelurahanEntry[];
  services: ServiceDef[];
  zone: string;
  clockSpeed: number;
  /** Optional map tiles of the site's own tile server (not served by every api version). */
  map?: { tileUrl?: string | null; attribution?: string | null };
}

export interface Boundaries {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { code: string } & Record<string, unknown>;
    geometry:
      { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
  }[];
}

/** Typed REST calls. Live state comes over the socket (api/live); these are the rest. */
export const api = {
  login: (username: string, password: string) =>
    request<Me>('POST', '/api/v1/auth/login', { username, password }),
  logout: () => request<void>('POST', '/api/v1/auth/logout'),
  me: () => request<Me>('GET', '/api/v1/auth/me'),
  registry: () => request<RegistryInfo>('GET', '/api/v1/registry'),
  boundaries: () => request<Boundaries>('GET', '/api/v1/registry/boundaries'),
  findings: (query: string) =>
    request<{ serverNow: number; items: Finding[]; next: number | null }>('GET', `/api/v1/findings?${query}`),
  actOnFinding: (id: number, action: 'acknowledge' | 'comment' | 'resolve', text?: string) =>
    request<{ finding: Finding }>('POST', `/api/v1/findings/${id}/${action}`, text ? { text } : {}),
  findingDetail: (id: number) => request<FindingDetail>('GET', `/api/v1/findings/${id}`),
  contestFinding: (id: number, text: string) =>
    request<{ finding: Finding }>('POST', `/api/v1/findings/${id}/contest`, { text }),
  decideFinding: (id: number, outcome: 'upheld' | 'overturned', text: string) =>
    request<{ finding: Finding }>('POST', `/api/v1/findings/${id}/decide`, { outcome, text }),
  pushKey: () => request<{ publicKey: string }>('GET', '/api/v1/push/key'),
  subscribePush: (sub: PushSubscriptionJSON & { locale: 'id' | 'en' }) =>
    request<{ id: number }>('POST', '/api/v1/push/subscriptions', sub),
  silences: () => request<{ serverNow: number; items: Silence[] }>('GET', '/api/v1/silences'),
  createSilence: (body: { matchers: string[]; startsAt?: string; endsAt: string; comment: string }) =>
    request<{ silence: Silence }>('POST', '/api/v1/silences', body),
  expireSilence: (id: number) => request<{ silence: Silence }>('POST', `/api/v1/silences/${id}/expire`),
  holidays: () => request<HolidaysResponse>('GET', '/api/v1/registry/holidays'),
  auditHistory: (subject: string, before?: string) =>
    request<AuditHistoryPage>(
      'GET',
      `/api/v1/audit?subject=${encodeURIComponent(subject)}${before ? `&before=${before}` : ''}`,
    ),
  verifyAudit: () => request<AuditVerifyReply>('POST', '/api/v1/audit/verify'),
};
