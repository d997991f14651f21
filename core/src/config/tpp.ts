import { z } from 'zod';
import { leaveKind } from '../schemas/live.ts';
import { sourced } from './sourced.ts';

/**
 * config/tpp.yaml: the rules of the monthly TPP run (rule sheet R1, R3, R4, R7). Every value carries its
 * provenance (config/sourced.ts). Rates are basis points (1 bp = 0.01 %, 10 000 = 100 %), amounts whole
 * rupiah, other fractions exact decimal or `n/d` text: no value on the way to money is a float.
 */

export const basisPoints = z.number().int().min(0).max(10_000);
const rupiah = z.number().int().min(0).max(1_000_000_000);
/** A non-negative exact number as text: `0.8624`, `1`, `3/4`. */
export const exactText = z
  .string()
  .regex(/^(\d+(\.\d+)?|\d+\/[1-9]\d*)$/, 'expected an exact number like 0.8624 or 3/4 (no floats)');
export const tierCode = z.string().regex(/^[A-Z]{2,4}\d$/, 'expected a tier code like TL1');
const slug = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case code like potong_tpp_25_6');
/** Kelas jabatan 1–17 (PermenPANRB on kelas jabatan), as a YAML key. */
export const kelasKey = z.string().regex(/^([1-9]|1[0-7])$/, 'expected a kelas jabatan 1-17');

/** GAP 3: whether attendance cuts are a share of the whole TPP or of its disiplin component. */
export const cutBase = z.enum(['total', 'disiplin_component']);
export type CutBase = z.infer<typeof cutBase>;

/** How the one rounding to whole rupiah goes (core/src/tpp/rounding.ts). */
export const roundingMode = z.enum(['half_up', 'floor']);
export type RoundingMode = z.infer<typeof roundingMode>;

export const hukdisLevel = z.enum(['ringan', 'sedang', 'berat']);
export type HukdisLevel = z.infer<typeof hukdisLevel>;

/** A cut given as a tier's rate (R3.4: no check-in counts as TL4) or as its own rate. */
const cutRef = z.union([z.strictObject({ tier: tierCode }), z.strictObject({ bp: basisPoints })]);

const absenceCut = z.discriminatedUnion('mode', [
  /** R3.5: a rate per day of unexcused absence, of the cut base. */
  z.strictObject({ mode: z.literal('rate'), bp: basisPoints }),
  /** R1.6: the whole daily share: cut base / working days of the month, per day. */
  z.strictObject({ mode: z.literal('daily_share') }),
]);

const sanction = z.strictObject({
  level: hukdisLevel,
  /** Share of the TPP withheld while it is in force. */
  cutBp: basisPoints,
  /** Default duration when the SK names none; null: until the register ends it. */
  months: z.number().int().min(0).max(120).nullable(),
});
export type SanctionRule = z.infer<typeof sanction>;

const ladderRung = z.strictObject({
  /** Unexcused absence days in the calendar year from which this rung applies. */
  fromDays: z.number().int().min(1).max(366),
  level: hukdisLevel,
  /** The sanction the case proposes (a key of hukdis.sanctions); the SK decides. */
  sanction: slug,
});

export const gateOnNotSubmitted = z.enum(['withhold', 'forfeit_kinerja', 'none']);
export const gateOnNotValidated = z.enum(['withhold', 'cut_negligent', 'none']);
export const gateOnNotVerified = z.enum(['withhold', 'none']);

export const tppFile = z
  .strictObject({
    /** Names the rule set in force; stored with each run beside its hash. */
    name: z.string().min(1).max(100),
    weights: z.strictObject({ kinerjaBp: sourced(basisPoints), disiplinBp: sourced(basisPoints) }),
    basic: z.strictObject({
      /** R1.4: basic(kelas) × IKFD × IKK × IPPD is the kelas's ceiling, the officer's basic TPP. */
      factors: z.strictObject({
        ikfd: sourced(exactText),
        ikk: sourced(exactText),
        ippd: sourced(exactText),
      }),
      byKelas: z.record(kelasKey, sourced(rupiah)),
    }),
    disiplin: z.strictObject({
      cutBase: sourced(cutBase),
      /** R3.1, R3.2: the cut of one occurrence, by the tier code the detectors give it. */
      tiers: z.record(tierCode, sourced(basisPoints)),
      missingCheckIn: sourced(cutRef),
      missingCheckOut: sourced(cutRef),
      absence: sourced(absenceCut),
      apel: z.strictObject({
        enabled: sourced(z.boolean()),
        /** R3.6: of the disiplin component, per recorded apel missed (whatever the cut base). */
        missedBp: sourced(basisPoints),
      }),
      /** R3.7: attendance cuts of a month never exceed this share of the cut base. */
      capBp: sourced(basisPoints),
      consecutiveAbsence: z.strictObject({
        days: sourced(z.number().int().min(1).max(31)),
        /** Of what is left of the month's TPP once the run reaches this many consecutive absent working days. */
        cutBp: sourced(basisPoints),
      }),
      /** R3.9: leave kinds that excuse a day, each with the cut per day it still carries (0 = none). */
      excused: z.partialRecord(leaveKind, sourced(basisPoints)),
    }),
    hukdis: z.strictObject({
      combine: sourced(z.enum(['heaviest', 'product'])),
      sanctions: z.record(slug, sourced(sanction)),
    }),
    pp94: z.strictObject({
      /** R4.1, R4.3: crossing a rung opens a case for the superior; it never cuts by itself. */
      absenceLadder: sourced(z.array(ladderRung).min(1)),
      consecutive: sourced(z.strictObject({ days: z.number().int().min(1).max(31), sanction: slug })),
      /** R3.8: lateness and early departure minutes that count as one absence day; null: not counted. */
      latenessMinutesPerDay: sourced(z.number().int().min(1).max(1_440).nullable()),
    }),
    paymentGate: z.strictObject({
      notSubmitted: sourced(gateOnNotSubmitted),
      notValidated: sourced(gateOnNotValidated),
      /** R7.2: of the negligent superior's cut base, per subordinate left unvalidated. */
      negligenceCutBp: sourced(basisPoints),
      notVerified: sourced(gateOnNotVerified),
    }),
    rounding: sourced(roundingMode),
  })
  .superRefine((f, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (f.weights.kinerjaBp.value + f.weights.disiplinBp.value !== 10_000) {
      issue(['weights', 'disiplinBp', 'value'], 'the two weights must add up to 10000 bp (100 %)');
    }
    for (const key of ['missingCheckIn', 'missingCheckOut'] as const) {
      const ref = f.disiplin[key].value;
      if ('tier' in ref && f.disiplin.tiers[ref.tier] === undefined) {
        issue(['disiplin', key, 'value', 'tier'], `unknown tier '${ref.tier}'`);
      }
    }
    const ladder = f.pp94.absenceLadder.value;
    ladder.forEach((rung, i) => {
      if (i > 0 && rung.fromDays <= ladder[i - 1]!.fromDays) {
        issue(['pp94', 'absenceLadder', 'value', i, 'fromDays'], 'rungs must rise');
      }
      if (f.hukdis.sanctions[rung.sanction] === undefined) {
        issue(['pp94', 'absenceLadder', 'value', i, 'sanction'], `unknown sanction '${rung.sanction}'`);
      }
    });
    const consecutive = f.pp94.consecutive.value.sanction;
    if (f.hukdis.sanctions[consecutive] === undefined) {
      issue(['pp94', 'consecutive', 'value', 'sanction'], `unknown sanction '${consecutive}'`);
    }
  });
export type TppFile = z.infer<typeof tppFile>;
