import type { HolidaysFile, ThresholdsFile, WorkHoursFile } from './config/schema.ts';

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
  ingest: { maxBatchItems: 1000, maxBodyBytes: 2_000_000, clockSkewToleranceSeconds: 300, maxFutureHours: 24, earliestEventDate: '2000-01-01', backdateWindowHours: 24 },
  adms: { maxLinesPerRequest: 20_000, maxRejectDetails: 200 },
  devices: { offlineAfterSeconds: 120, admsDelaySeconds: 10, admsErrorDelaySeconds: 30, admsTimeZoneHours: 7, commandReplyTimeoutSeconds: 600, commandMaxAttempts: 3 },
  queue: { waitTargetMinutes: 30, waitAttentionMinutes: 15 },
  live: { minStaffPresentRatio: 0.6, staffGraceMinutes: 30, reconcileSeconds: 5, gapWaitMilliseconds: 500 },
};
