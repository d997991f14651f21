import { z } from 'zod';
import { kecamatanCode, kelurahanCode } from '../config/codes.ts';
import { queueEventType } from './ingest.ts';

/** Live state of an office, as the api keeps it and pushes it. Times are epoch milliseconds. */

export const officeStatus = z.enum(['normal', 'attention', 'breach', 'offline', 'closed']);
export type OfficeStatus = z.infer<typeof officeStatus>;

export const statusReason = z.enum([
  'outside_hours',
  'all_devices_offline',
  'wait_breach',
  'no_desk_open',
  'wait_long',
  'staff_low',
  'device_offline',
]);
export type StatusReason = z.infer<typeof statusReason>;

const epochMs = z.number().int();

export const kelurahanSummary = z.object({
  code: kelurahanCode,
  kecamatanCode,
  /** Increases with every change; a client that sees a gap asks for a snapshot again. */
  version: z.number().int(),
  date: z.string(),
  status: officeStatus,
  reasons: z.array(statusReason),
  staffExpected: z.number().int(),
  staffPresent: z.number().int(),
  staffLate: z.number().int(),
  staffOnLeave: z.number().int(),
  desksOpen: z.number().int(),
  desksTotal: z.number().int(),
  waiting: z.number().int(),
  /** Issue time of the longest-waiting ticket; the longest wait is now minus this. */
  oldestWaitingSince: epochMs.nullable(),
  servedToday: z.number().int(),
  issuedToday: z.number().int(),
  devicesOnline: z.number().int(),
  devicesTotal: z.number().int(),
  updatedAt: epochMs,
});
export type KelurahanSummary = z.infer<typeof kelurahanSummary>;

export const leaveKind = z.enum([
  'cuti_tahunan',
  'cuti_sakit',
  'cuti_lain',
  'sakit',
  'izin',
  'dinas_luar',
  'tugas_belajar',
]);
export type LeaveKind = z.infer<typeof leaveKind>;

export const rosterEntry = z.object({
  nip: z.string(),
  name: z.string(),
  position: z.string(),
  desk: z.string().nullable(),
  arrivedAt: epochMs.nullable(),
  lateMinutes: z.number().int(),
  leftAt: epochMs.nullable(),
  present: z.boolean(),
  leave: leaveKind.nullable(),
});
export type RosterEntry = z.infer<typeof rosterEntry>;

export const deskLive = z.object({
  code: z.string(),
  name: z.string(),
  services: z.array(z.string()),
  open: z.boolean(),
  changedAt: epochMs.nullable(),
  /** Officer assigned to this desk in the registry. */
  officerNip: z.string().nullable(),
  officerName: z.string().nullable(),
  officerPresent: z.boolean(),
  /** Latest camera observation of somebody at the desk; null when no camera covers it. */
  observedPresent: z.boolean().nullable(),
  observedAt: epochMs.nullable(),
});
export type DeskLive = z.infer<typeof deskLive>;

export const serviceLive = z.object({
  code: z.string(),
  name: z.string(),
  waiting: z.number().int(),
  oldestWaitingSince: epochMs.nullable(),
  servedToday: z.number().int(),
});
export type ServiceLive = z.infer<typeof serviceLive>;

export const deviceKind = z.enum(['attendance', 'queue', 'presence']);
export type DeviceKind = z.infer<typeof deviceKind>;

export const deviceLive = z.object({
  id: z.number().int(),
  kind: deviceKind,
  name: z.string(),
  protocol: z.enum(['json', 'adms']),
  lastSeenAt: epochMs.nullable(),
  online: z.boolean(),
});
export type DeviceLive = z.infer<typeof deviceLive>;

export const kelurahanDetail = z.object({
  summary: kelurahanSummary,
  desks: z.array(deskLive),
  services: z.array(serviceLive),
  roster: z.array(rosterEntry),
  devices: z.array(deviceLive),
  /** Citizens waiting through the day: [epoch ms, count], at most one point a minute. */
  waitingSeries: z.array(z.tuple([epochMs, z.number().int()])),
});
export type KelurahanDetail = z.infer<typeof kelurahanDetail>;
export type DetailSection = Exclude<keyof KelurahanDetail, 'summary'>;
export type DetailPatch = { summary: KelurahanSummary } & Partial<Omit<KelurahanDetail, 'summary'>>;

/** The stored row's id, when an event is read back from the database: a finding's evidence names it. */
const rowId = { id: z.number().int().optional() };

/** One accepted event, as ingest announces it and live state and detection apply it. Times are epoch ms. */
export const liveEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('punch'),
    nip: z.string(),
    /** The punch time read right: the device's stamp less `clockCorrectionSeconds` when its clock ran ahead. */
    at: z.number(),
    clockCorrectionSeconds: z.number().optional(),
    /** The way the device recorded the punch, when it did (see attendanceOf). */
    direction: z.enum(['in', 'out']).optional(),
    ...rowId,
  }),
  z.object({
    kind: z.literal('queue'),
    type: queueEventType,
    at: z.number(),
    ticketId: z.string().optional(),
    service: z.string().optional(),
    desk: z.string().optional(),
    toService: z.string().optional(),
    staffNip: z.string().optional(),
    ...rowId,
  }),
  z.object({
    kind: z.literal('presence'),
    desk: z.string(),
    present: z.boolean(),
    at: z.number(),
    confidence: z.number().optional(),
    ...rowId,
  }),
  z.object({ kind: z.literal('device'), deviceId: z.number().int(), at: z.number(), ...rowId }),
]);
export type LiveEvent = z.infer<typeof liveEvent>;
