import { z } from 'zod';
import { leaveKind } from '../schemas/live.ts';

export const severity = z.enum(['info', 'warning', 'critical']);
export type Severity = z.infer<typeof severity>;

/** One rung of a TL/PSW ladder: up to `upToMinutes` (inclusive; null = no upper bound). */
const tier = z.object({
  code: z.string().regex(/^[A-Z]{2,4}\d$/, 'expected a tier code like TL1'),
  upToMinutes: z.number().int().positive().nullable(),
  cutPercent: z.number().min(0).max(100),
  severity,
});
const ladder = z
  .array(tier)
  .min(1)
  .superRefine((tiers, ctx) => {
    tiers.forEach((t, i) => {
      const prev = tiers[i - 1];
      if (
        prev &&
        (prev.upToMinutes === null || (t.upToMinutes !== null && t.upToMinutes <= prev.upToMinutes))
      ) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'upToMinutes'],
          message: 'tiers must rise, and only the last may be open-ended',
        });
      }
    });
    if (tiers[tiers.length - 1]!.upToMinutes !== null) {
      ctx.addIssue({
        code: 'custom',
        path: [tiers.length - 1, 'upToMinutes'],
        message: 'the last tier must be open-ended (null)',
      });
    }
  });
export type Tier = z.infer<typeof tier>;

/** config/detection.yaml: when each detector opens a finding. */
export const detectionFile = z.object({
  /** Each office is evaluated this often (conditions that become true with time alone). */
  tickSeconds: z.number().int().min(1).max(300),
  /** A condition back within this long after it cleared reopens its finding instead of a new one. */
  reopenWithinMinutes: z.number().min(0).max(240),
  /** A finding about a person may be contested until the end of this many working days after its day. */
  appealWorkingDays: z.number().int().min(1).max(20),
  attendance: z.object({
    lateTiers: ladder,
    earlyTiers: ladder,
    /** The check-out of the day is missing once this long after office end has passed. */
    missingCheckoutAfterMinutes: z.number().int().min(0).max(720),
    /** An officer with no punch and no leave record is absent once this long after office end. */
    absentAfterMinutes: z.number().int().min(0).max(720),
    /** Leave kinds that excuse a day (R3.9): no absence finding on a day they cover. */
    excusedLeave: z.array(leaveKind).min(1),
    absentSeverity: severity,
    missingCheckoutSeverity: severity,
  }),
  desk: z.object({
    /** Nobody serving at an open desk this long while citizens wait for it. */
    unattendedMinutes: z.number().positive().max(240),
    /** A camera reading counts as a signal for this long after it was taken. */
    presenceFreshMinutes: z.number().positive().max(60),
    /** Camera readings below this confidence are not signals. */
    presenceMinConfidence: z.number().min(0).max(1),
    criticalAfterMinutes: z.number().positive(),
    /** The camera sees somebody at a desk this long while its assigned officer has no punch today: a finding. */
    occupiedNoCheckinMinutes: z.number().positive().max(240),
  }),
  queue: z.object({
    /** Waiting past thresholds.queue.waitTargetMinutes is a breach; this long is critical. */
    waitCriticalMinutes: z.number().positive(),
    /** Service longer than the published standard times this factor is a breach. */
    serviceTimeFactor: z.number().min(1).max(10),
    /** Per office hour: share served within the wait target below this is a breach… */
    slaRateMin: z.number().min(0).max(1),
    /** …once at least this many tickets were called in that hour. */
    slaRateMinTickets: z.number().int().min(1),
  }),
  devices: z.object({
    /** Offline past thresholds.devices.offlineAfterSeconds (the debounce, shared with live state); this long is critical. */
    criticalAfterMinutes: z.number().positive(),
  }),
  cameras: z.object({
    /** A camera whose media node got no frame for this long (in pull, not idle) is offline: shorter blips are reconnects. */
    offlineAfterSeconds: z.number().positive(),
    criticalAfterMinutes: z.number().positive(),
    /** A desk finding's evidence is the snapshot of a camera on that desk taken nearest its start, within this. */
    snapshotEvidenceMinutes: z.number().positive(),
  }),
  /** Person detection in desk zones (media/src/vision). */
  vision: z.object({
    /** A NanoDet person box at or above this score counts (chosen on the labelled real footage). */
    scoreThreshold: z.number().gt(0).lt(1),
    /** Every desk zone is judged at least this often (real seconds). */
    judgeEverySeconds: z.number().positive().max(600),
    /** A zone whose pixels did not change is still re-inferred this often. */
    recheckUnchangedSeconds: z.number().positive().max(3600),
    /** Mean absolute difference (0-255) of the zone's 32x24 greyscale thumbnail that counts as a change. */
    changeMeanDiff: z.number().min(0).max(255),
    /** A zone darker than this mean luma (0-255) is `dark`: unknown. */
    darkMeanBelow: z.number().min(0).max(255),
    /** A zone whose luma spread (standard deviation) is below this is `blocked` (covered, one flat colour). */
    blockedSpreadBelow: z.number().min(0).max(128),
    /** A camera whose frame has not changed at all for this long is `frozen`: unknown. */
    frozenAfterSeconds: z.number().positive(),
    /** Share of a person box that must lie inside the zone for the person to be at that desk. */
    minBoxInZone: z.number().gt(0).max(1),
  }),
});
export type DetectionFile = z.infer<typeof detectionFile>;
