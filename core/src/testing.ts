import type { DetectionFile } from './config/detection.ts';
import type { DeskDef, HolidaysFile, ServiceDef, ThresholdsFile, WorkHoursFile } from './config/schema.ts';

/**
 * Small policy fixtures for unit tests of core, shaped like config/ but fixed here so that a change
 * of regional policy never silently changes what a formula test expects.
 */
export const fixtureWorkHours: WorkHoursFile = {
  zone: 'Asia/Jakarta',
  source: 'test',
  regular: {
    monThu: { start: '07:30', end: '16:00', breakStart: '12:00', breakEnd: '13:00' },
    fri: { start: '07:30', end: '16:30', breakStart: '11:30', breakEnd: '13:00' },
  },
  ramadan: {
    monThu: { start: '08:00', end: '15:00', breakStart: '12:00', breakEnd: '12:30' },
    fri: { start: '08:00', end: '15:30', breakStart: '11:30', breakEnd: '12:30' },
  },
  ramadanPeriods: [{ from: '2026-02-19', to: '2026-03-19', source: 'test' }],
  lateGraceSeconds: 59,
  punchDebounceMinutes: 5,
};

export const fixtureHolidays: HolidaysFile = {
  source: 'test',
  years: {
    '2026': [
      { date: '2026-08-17', name: 'Hari Kemerdekaan', kind: 'libur_nasional' },
      { date: '2026-12-24', name: 'Cuti Bersama Natal', kind: 'cuti_bersama' },
      { date: '2026-12-25', name: 'Natal', kind: 'libur_nasional' },
    ],
  },
};

export const fixtureThresholds: ThresholdsFile = {
  ingest: {
    maxBatchItems: 1000,
    maxBodyBytes: 2_000_000,
    clockSkewToleranceSeconds: 300,
    maxFutureHours: 24,
    earliestEventDate: '2000-01-01',
    backdateWindowHours: 24,
  },
  adms: { maxLinesPerRequest: 20_000, maxRejectDetails: 200 },
  devices: {
    offlineAfterSeconds: 120,
    admsDelaySeconds: 10,
    admsErrorDelaySeconds: 30,
    admsTimeZoneHours: 7,
    commandReplyTimeoutSeconds: 600,
    commandMaxAttempts: 3,
  },
  queue: { waitTargetMinutes: 30, waitAttentionMinutes: 15 },
  live: { minStaffPresentRatio: 0.6, staffGraceMinutes: 30, reconcileSeconds: 5, gapWaitMilliseconds: 500 },
};

const ladder = (p: string) => [
  { code: `${p}1`, upToMinutes: 30, cutPercent: 0.5, severity: 'info' as const },
  { code: `${p}2`, upToMinutes: 60, cutPercent: 1, severity: 'info' as const },
  { code: `${p}3`, upToMinutes: 90, cutPercent: 1.25, severity: 'warning' as const },
  { code: `${p}4`, upToMinutes: null, cutPercent: 1.5, severity: 'warning' as const },
];
export const fixtureDetection: DetectionFile = {
  tickSeconds: 5,
  reopenWithinMinutes: 15,
  appealWorkingDays: 3,
  attendance: {
    lateTiers: ladder('TL'),
    earlyTiers: ladder('PSW'),
    missingCheckoutAfterMinutes: 120,
    absentAfterMinutes: 0,
    excusedLeave: ['cuti_tahunan', 'cuti_sakit', 'cuti_lain', 'sakit', 'izin', 'dinas_luar', 'tugas_belajar'],
    absentSeverity: 'warning',
    missingCheckoutSeverity: 'info',
  },
  desk: {
    unattendedMinutes: 10,
    presenceFreshMinutes: 5,
    presenceMinConfidence: 0.7,
    criticalAfterMinutes: 30,
    occupiedNoCheckinMinutes: 15,
  },
  queue: { waitCriticalMinutes: 60, serviceTimeFactor: 1, slaRateMin: 0.8, slaRateMinTickets: 5 },
  devices: { criticalAfterMinutes: 30 },
  cameras: { offlineAfterSeconds: 90, criticalAfterMinutes: 30, snapshotEvidenceMinutes: 5 },
  vision: {
    scoreThreshold: 0.4,
    judgeEverySeconds: 30,
    recheckUnchangedSeconds: 180,
    changeMeanDiff: 2,
    darkMeanBelow: 20,
    blockedSpreadBelow: 4,
    frozenAfterSeconds: 600,
    minBoxInZone: 0.5,
  },
};

/** Two services and a desk for each, for the office models' unit tests. */
export const fixtureServices: ServiceDef[] = [
  { code: 'domisili', name: 'Domisili', nameEn: 'Domicile', standardMinutes: 10, source: 't' },
  { code: 'sktm', name: 'SKTM', nameEn: 'Low income', standardMinutes: 30, source: 't' },
];
export const fixtureDesks: DeskDef[] = [
  { code: 'loket-1', name: 'Loket 1', services: ['domisili'] },
  { code: 'loket-2', name: 'Loket 2', services: ['sktm'] },
];
