import { z } from 'zod';
import type { DetectionFile } from './detection.ts';
import type { AlertingFile } from '../alerts/config.ts';
import type { KinerjaFile } from './kinerja.ts';
import type { TppFile } from './tpp.ts';
import { kecamatanCode, kelurahanCode } from './codes.ts';

export { kecamatanCode, kelurahanCode };

/**
 * Schemas of the regional policy files in `config/`. Values come from regulation and differ per city,
 * so they live in data; these schemas say what a valid file looks like.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm (24-hour)');
const isoDate = z.iso.date();
const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected lower-case letters, digits, _ or -');

export const kecamatanEntry = z.object({
  code: kecamatanCode,
  name: z.string().min(1),
  nameLegacy: z.string().min(1),
  kelurahanCount: z.number().int().positive(),
  lat: z.number(),
  lng: z.number(),
});
export const kelurahanEntry = z.object({
  code: kelurahanCode,
  name: z.string().min(1),
  nameLegacy: z.string().min(1),
  kecamatanCode,
  kecamatanName: z.string().min(1),
  kecamatanNameLegacy: z.string().min(1),
  lat: z.number(),
  lng: z.number(),
});
export const kecamatanFile = z.array(kecamatanEntry).min(1);
export const kelurahanFile = z.array(kelurahanEntry).min(1);

const position = z.tuple([z.number(), z.number()]);
export const boundaryFile = z.object({
  type: z.literal('FeatureCollection'),
  features: z
    .array(
      z.object({
        type: z.literal('Feature'),
        properties: z.object({ code: kelurahanCode }).loose(),
        geometry: z.discriminatedUnion('type', [
          z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
          z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
        ]),
      }),
    )
    .min(1),
});

export const serviceDef = z.object({
  code: slug,
  name: z.string().min(1),
  nameEn: z.string().min(1),
  /** Published service-time standard (jangka waktu pelayanan), minutes from berkas lengkap. */
  standardMinutes: z.number().positive(),
  source: z.string().min(1),
});
export const deskDef = z.object({
  code: slug,
  name: z.string().min(1),
  services: z.array(slug).min(1),
});
export const officesFile = z
  .object({
    services: z.array(serviceDef).min(1),
    defaultDesks: z.array(deskDef).min(1),
    /** Offices whose desks differ from the default, by kelurahan code. */
    overrides: z.record(kelurahanCode, z.object({ desks: z.array(deskDef).min(1) })).default({}),
  })
  .superRefine((file, ctx) => {
    const services = new Set(file.services.map((s) => s.code));
    const checkDesks = (desks: z.infer<typeof deskDef>[], path: (string | number)[]) =>
      desks.forEach((d, i) =>
        d.services.forEach((s, j) => {
          if (!services.has(s)) {
            ctx.addIssue({
              code: 'custom',
              path: [...path, i, 'services', j],
              message: `unknown service '${s}'`,
            });
          }
        }),
      );
    checkDesks(file.defaultDesks, ['defaultDesks']);
    for (const [code, o] of Object.entries(file.overrides)) checkDesks(o.desks, ['overrides', code, 'desks']);
  });

export const dayHours = z.object({ start: hhmm, end: hhmm, breakStart: hhmm, breakEnd: hhmm });
const weekHours = z.object({ monThu: dayHours, fri: dayHours });
export const workHoursFile = z.object({
  zone: z.string().min(1),
  source: z.string().min(1),
  regular: weekHours,
  ramadan: weekHours,
  ramadanPeriods: z.array(z.object({ from: isoDate, to: isoDate, source: z.string().min(1) })),
  /** ANRI 18/2016: presensi after 07:30:59 is late, so a punch is late only past start + this. */
  lateGraceSeconds: z.number().int().min(0).max(3600),
  /**
   * Punches of one officer closer together than this count as one (people press twice). The counted
   * punches of a day alternate in, out, in …: an odd count means the officer is in the office.
   */
  punchDebounceMinutes: z.number().int().min(0).max(120),
});

export const holidaysFile = z.object({
  source: z.string().min(1),
  years: z.record(
    z.string().regex(/^\d{4}$/),
    z.array(
      z.object({ date: isoDate, name: z.string().min(1), kind: z.enum(['libur_nasional', 'cuti_bersama']) }),
    ),
  ),
});

export const thresholdsFile = z.object({
  ingest: z.object({
    maxBatchItems: z.number().int().positive().max(10_000),
    maxBodyBytes: z.number().int().positive(),
    /** A device clock this far ahead of the server is flagged; the event is still stored. */
    clockSkewToleranceSeconds: z.number().int().positive(),
    /** Events further in the future than this are refused: no office works in next week. */
    maxFutureHours: z.number().positive(),
    /** Oldest event time accepted (a terminal re-uploading its memory sends old punches). */
    earliestEventDate: isoDate,
    /** An event older than this when it arrives is flagged `backdated`; it is still stored. */
    backdateWindowHours: z
      .number()
      .positive()
      .max(24 * 366),
  }),
  adms: z.object({
    /** Lines of one ADMS upload that are read; the rest are counted and kept in the raw body only. */
    maxLinesPerRequest: z.number().int().positive().max(1_000_000),
    /** Reject and flag details kept per upload in the raw record; the rest are counted. */
    maxRejectDetails: z.number().int().min(0).max(10_000),
  }),
  devices: z.object({
    offlineAfterSeconds: z.number().int().positive(),
    admsDelaySeconds: z.number().int().positive(),
    admsErrorDelaySeconds: z.number().int().positive(),
    admsTimeZoneHours: z.number().int().min(-12).max(14),
    /** A command handed out (`sent`) without a result after this long is offered again. */
    commandReplyTimeoutSeconds: z
      .number()
      .int()
      .positive()
      .max(7 * 86_400),
    /** Times a command is handed out before it is marked failed for want of a result. */
    commandMaxAttempts: z.number().int().min(1).max(100),
  }),
  queue: z.object({
    /** Target waiting time (issued → first call), minutes. */
    waitTargetMinutes: z.number().positive(),
    /** Waiting longer than this turns an office to "attention" before it breaches. */
    waitAttentionMinutes: z.number().positive(),
  }),
  live: z.object({
    /** Share of expected staff present, after start + grace, below which an office needs attention. */
    minStaffPresentRatio: z.number().min(0).max(1),
    staffGraceMinutes: z.number().int().min(0),
    /** How often live state compares each office's sequence number with the database's. */
    reconcileSeconds: z.number().positive().max(600).default(5),
    /** How long an announcement that arrived ahead of a missing one waits before the office is re-read. */
    gapWaitMilliseconds: z.number().int().min(0).max(60_000).default(500),
  }),
});

/** The wall's base map: none by default (no internet assumed), or the site's own tile server. */
export const mapFile = z.object({
  tileUrl: z
    .string()
    .regex(/^https?:\/\/\S+\{z\}\S*\{x\}\S*\{y\}/, 'expected a tile URL template with {z}, {x} and {y}')
    .nullable(),
  attribution: z.string().max(300).default(''),
});
export type MapFile = z.infer<typeof mapFile>;

const queueSettings = z.object({
  concurrency: z.number().int().min(1).max(256),
  attempts: z.number().int().min(1).max(100),
  backoffSeconds: z.number().positive().max(3600),
  /**
   * A worker's lock on a running job, renewed while it runs: a worker process that dies (SIGKILL, a
   * lost machine) leaves its job locked this long, then another worker takes it again (BullMQ's
   * stalled-job check, run as often). BullMQ's default is 30 s.
   */
  lockSeconds: z.number().positive().max(600).default(30),
  keepCompleted: z.number().int().min(0),
  keepFailed: z.number().int().min(0),
});
/** How each job queue is run (config/jobs.yaml). Every queue must be configured. */
export const jobsFile = z.object({
  queues: z.object({
    maintenance: queueSettings,
    ingest: queueSettings,
    detect: queueSettings,
    alerts: queueSettings,
    notify: queueSettings,
  }),
  outbox: z.object({
    pollMilliseconds: z.number().int().min(10).max(60_000),
    batchSize: z.number().int().min(1).max(10_000),
  }),
});
export type JobsFile = z.infer<typeof jobsFile>;
export type QueueSettings = z.infer<typeof queueSettings>;

export type KecamatanEntry = z.infer<typeof kecamatanEntry>;
export type KelurahanEntry = z.infer<typeof kelurahanEntry>;
export type BoundaryFile = z.infer<typeof boundaryFile>;
export type ServiceDef = z.infer<typeof serviceDef>;
export type DeskDef = z.infer<typeof deskDef>;
export type OfficesFile = z.infer<typeof officesFile>;
export type DayHours = z.infer<typeof dayHours>;
export type WorkHoursFile = z.infer<typeof workHoursFile>;
export type HolidaysFile = z.infer<typeof holidaysFile>;
export type ThresholdsFile = z.infer<typeof thresholdsFile>;

/** Everything the policy files say, after validation. */
export interface PolicyConfig {
  kecamatan: KecamatanEntry[];
  kelurahan: KelurahanEntry[];
  boundaries: BoundaryFile;
  offices: OfficesFile;
  workHours: WorkHoursFile;
  holidays: HolidaysFile;
  thresholds: ThresholdsFile;
  map: MapFile;
  jobs: JobsFile;
  detection: DetectionFile;
  alerting: AlertingFile;
  tpp: TppFile;
  kinerja: KinerjaFile;
}
