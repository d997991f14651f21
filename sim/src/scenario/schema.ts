import { z } from 'zod';
import { kelurahanCode, leaveKind } from '@pkk/core';

/**
 * Scenario files (sim/scenarios/*.yaml): anomalies injected on top of the normal day plan. Each is
 * written to the ground truth when it happens, so that detectors can be scored against it.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm (24-hour)');
const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lower-case code such as loket-1');

/** Who: exactly one of NIP, desk (the officer assigned to it), position or terminal PIN. */
export const officerSelector = z
  .object({
    nip: z
      .string()
      .regex(/^\d{18}$/, 'expected an 18-digit NIP')
      .optional(),
    desk: slug.optional(),
    position: z.string().min(1).optional(),
    pin: z.string().min(1).optional(),
  })
  .strict()
  .refine((s) => Object.values(s).filter((v) => v !== undefined).length === 1, {
    message: 'name exactly one of nip, desk, position, pin',
  });
export type OfficerSelector = z.infer<typeof officerSelector>;

const base = {
  kelurahan: kelurahanCode,
  /** Days it applies to; absent means every simulated working day. */
  dates: z.array(z.iso.date()).min(1).optional(),
  /** Free text carried into the ground truth. */
  note: z.string().max(200).optional(),
};
const minutes = (max: number) => z.number().int().min(1).max(max);

export const anomaly = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('officer_absent'),
      ...base,
      officer: officerSelector,
      /** Whether a leave or duty record is filed for the day (then it is no violation). */
      withLeave: z.boolean().default(false),
      leaveKind: leaveKind.default('izin'),
      /** Whether a colleague opens the absent officer's desk; by default it stays closed. */
      covered: z.boolean().default(false),
    })
    .strict(),
  z
    .object({ type: z.literal('late_arrival'), ...base, officer: officerSelector, minutes: minutes(300) })
    .strict(),
  z
    .object({ type: z.literal('early_departure'), ...base, officer: officerSelector, minutes: minutes(300) })
    .strict(),
  /** The desk's officer walks away at `at` (after the citizen being served) and is gone `minutes`; the desk stays open. */
  z
    .object({ type: z.literal('desk_unattended'), ...base, desk: slug, at: hhmm, minutes: minutes(300) })
    .strict(),
  /** The attendance terminal loses its link: no heartbeat, punches kept in its memory, uploaded when back. */
  z.object({ type: z.literal('terminal_offline'), ...base, at: hhmm, minutes: minutes(720) }).strict(),
  /** The queue kiosk loses its link; it keeps issuing tickets and uploads the events when back. */
  z.object({ type: z.literal('kiosk_offline'), ...base, at: hhmm, minutes: minutes(720) }).strict(),
  /** The camera analytics source goes dark; observations of the gap are uploaded when back. */
  z.object({ type: z.literal('camera_offline'), ...base, at: hhmm, minutes: minutes(720) }).strict(),
  /**
   * A simulated RTSP camera (1..3: desks, waiting hall, entrance; sim/src/cameras/plan.ts) goes dark:
   * its main and sub streams cut their clients and refuse new ones for `minutes`.
   */
  z
    .object({
      type: z.literal('camera_down'),
      ...base,
      camera: z.number().int().min(1).max(3).default(1),
      at: hhmm,
      minutes: minutes(720),
    })
    .strict(),
  /** A device clock off by `minutes` (positive = ahead) for the whole day. */
  z
    .object({
      type: z.literal('clock_skew'),
      ...base,
      device: z.enum(['attendance', 'queue', 'presence']).default('attendance'),
      minutes: z
        .number()
        .int()
        .min(-720)
        .max(720)
        .refine((m) => m !== 0, 'a skew of 0 minutes is no skew'),
    })
    .strict(),
]);
export type Anomaly = z.infer<typeof anomaly>;
export type AnomalyType = Anomaly['type'];

export const scenarioFile = z
  .object({
    name: z.string().min(1).max(80).optional(),
    description: z.string().optional(),
    /** Scales the number of citizens (1 = the usual day). */
    citizensFactor: z.number().min(0).max(10).default(1),
    /** Scales the chance of every natural disruption (0 = none, 1 = the usual day). */
    disruptionFactor: z.number().min(0).max(20).default(1),
    anomalies: z.array(anomaly).default([]),
  })
  .strict();
export type ScenarioFile = z.infer<typeof scenarioFile>;

/** A loaded scenario: its name (file stem unless given) and contents. */
export interface Scenario extends ScenarioFile {
  name: string;
}
