import { z } from 'zod';
import { predikat, rating } from '../config/kinerja.ts';
import { nip } from '../schemas/ingest.ts';
import { findingStanding } from '../schemas/findings.ts';
import { monthId } from '../tpp/inputs.ts';

/**
 * The kinerja API's vocabulary (issue 19 §2, §3): targets, signed evidence, layered verification,
 * ratings and appeals. Shared by the api, the web app, the simulator and the bench.
 */

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const positive = z.number().int().min(1).max(1_000_000_000);
const id = z.number().int().positive();

/** What an evidence file may be: the type is read from its first bytes, never from its name. */
export const evidenceMime = z.enum(['application/pdf', 'image/jpeg', 'image/png']);
export type EvidenceMime = z.infer<typeof evidenceMime>;

/** The type of a file by its magic bytes (PDF `%PDF-`, JPEG `FF D8 FF`, PNG's 8-byte signature), or null. */
export function sniffEvidenceType(head: Uint8Array): EvidenceMime | null {
  const starts = (sig: number[]) => head.length >= sig.length && sig.every((b, i) => head[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

export const officeKpi = z.enum(['wait_sla', 'desk_coverage', 'attendance_rate', 'ack_median']);
export type OfficeKpi = z.infer<typeof officeKpi>;

/**
 * What the uploader signs (Ed25519) over the file: its SHA-256 and metadata, as RFC 8785 canonical
 * JSON (canonicalJson of core/src/tpp/canonical.ts). The server refuses a statement that does not
 * describe the bytes it received.
 */
export const evidenceStatement = z.strictObject({
  v: z.literal(1),
  purpose: z.enum(['realisation', 'appeal']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex SHA-256'),
  size: z.number().int().positive(),
  mime: evidenceMime,
  filename: z.string().min(1).max(200),
  nip,
  /** The signer's clock (epoch ms): informative; a key's validity is judged at receipt. */
  signedAt: z.number().int().nonnegative(),
});
export type EvidenceStatement = z.infer<typeof evidenceStatement>;

/** base64url without padding (RFC 4648 §5). */
export const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected base64url without padding');

export const keyRegisterRequest = z.strictObject({
  /** The raw 32-byte Ed25519 public key (WebCrypto exportKey('raw')), base64url. */
  publicKey: base64url.length(43, 'expected a 32-byte key in base64url (43 characters)'),
});
export const signingKey = z.object({
  id,
  publicKey: z.string(),
  validFrom: z.number().int(),
  validTo: z.number().int().nullable(),
  revoked: z.boolean(),
});
export type SigningKey = z.infer<typeof signingKey>;
export const signingKeys = z.object({ items: z.array(signingKey) });
export const signingKeyCreated = z.object({ key: signingKey });

/** Whether a piece of evidence's signature holds, checked each time it is shown. */
export const signatureCheck = z.object({
  valid: z.boolean(),
  keyId: id,
  /** Why not, when not (in English; screens word `valid`). */
  reason: z.string().nullable(),
  /** The key was revoked later: what it signed before still verifies. */
  keyRevokedSince: z.number().int().nullable(),
});
export type SignatureCheck = z.infer<typeof signatureCheck>;

export const evidenceView = z.object({
  id,
  sha256: z.string(),
  mime: evidenceMime,
  size: z.number().int(),
  filename: z.string(),
  purpose: z.enum(['realisation', 'appeal']),
  nip,
  uploadedAt: z.number().int(),
  statement: z.string(),
  signature: signatureCheck,
  /** Stored once: another upload of the same bytes named the same file. */
  deduplicated: z.boolean().optional(),
});
export type EvidenceView = z.infer<typeof evidenceView>;
export const evidenceCreated = z.object({ evidence: evidenceView });

export const rhkCreateRequest = z.strictObject({
  nip,
  year: z.number().int().min(2000).max(2100),
  indicator: text(300).min(1),
  unit: text(60).min(1),
  annualTarget: positive,
  weight: z.number().int().min(1).max(10_000),
  /** The superior's RHK this one is cascaded from (the e-Kinerja matriks). */
  parentId: id.nullable().default(null),
  /** An office KPI computed from operations (a lurah's or a camat's), instead of reported realisation. */
  officeKpi: officeKpi.nullable().default(null),
});
export const targetSetRequest = z.strictObject({ month: monthId, target: positive });

export const monthlyTarget = z.object({ id, month: monthId, target: z.number().int() });
export const rhkView = z.object({
  id,
  nip,
  year: z.number().int(),
  indicator: z.string(),
  unit: z.string(),
  annualTarget: z.number().int(),
  weight: z.number().int(),
  parentId: id.nullable(),
  officeKpi: officeKpi.nullable(),
  targets: z.array(monthlyTarget),
});
export type RhkView = z.infer<typeof rhkView>;
export const rhkList = z.object({ items: z.array(rhkView) });
export const rhkCreated = z.object({ rhk: rhkView });
export const targetCreated = z.object({ target: monthlyTarget });

export const realisationStatus = z.enum(['submitted', 'validated', 'verified', 'rejected']);
export type RealisationStatus = z.infer<typeof realisationStatus>;
export const verificationLayer = z.enum(['superior', 'verifikator']);
export type VerificationLayer = z.infer<typeof verificationLayer>;

export const realisationSubmitRequest = z.strictObject({
  targetId: id,
  activityDate: isoDate,
  realised: z.number().int().min(0).max(1_000_000_000),
  note: text(1000).default(''),
  evidenceIds: z.array(id).min(1, 'attach at least one piece of evidence').max(20),
});
/** A rejected realisation corrected: the same fields, the new row names the one it supersedes. */
export const realisationResubmitRequest = realisationSubmitRequest.omit({ targetId: true });

export const decisionView = z.object({
  layer: verificationLayer,
  outcome: z.enum(['validated', 'rejected']),
  reason: z.string(),
  by: z.string(),
  byNip: nip.nullable(),
  at: z.number().int(),
  inTime: z.boolean(),
});

export const realisationView = z.object({
  id,
  targetId: id,
  rhkId: id,
  indicator: z.string(),
  unit: z.string(),
  nip,
  name: z.string(),
  month: monthId,
  activityDate: isoDate,
  target: z.number().int(),
  realised: z.number().int(),
  note: z.string(),
  status: realisationStatus,
  submittedAt: z.number().int(),
  dueAt: z.number().int(),
  late: z.boolean(),
  lateFindingId: id.nullable(),
  supersedes: id.nullable(),
  /** Who must act next and by when (null once verified or rejected). */
  waitingOn: z
    .object({ layer: verificationLayer, nip: nip.nullable(), dueAt: z.number().int(), overdue: z.boolean() })
    .nullable(),
  evidence: z.array(evidenceView),
  decisions: z.array(decisionView),
});
export type RealisationView = z.infer<typeof realisationView>;
export const realisationCreated = z.object({ realisation: realisationView });

export const decisionRequest = z
  .strictObject({
    outcome: z.enum(['validated', 'rejected']),
    reason: text(1000).default(''),
  })
  .refine((d) => d.outcome === 'validated' || d.reason.length > 0, {
    path: ['reason'],
    message: 'a rejection needs a reason',
  });
/** Bulk is validation only, and only of items whose every signature checks (what is safe in bulk). */
export const bulkDecisionRequest = z.strictObject({ ids: z.array(id).min(1).max(200) });
export const bulkDecisionResult = z.object({
  validated: z.array(id),
  skipped: z.array(z.object({ id, reason: z.string() })),
});

export const verificationQueue = z.object({
  serverNow: z.number().int(),
  items: z.array(realisationView),
  /** R7.2: superiors with realisations waiting past their deadline, named. */
  overdue: z.array(
    z.object({ nip, name: z.string().nullable(), count: z.number().int(), oldestDueAt: z.number().int() }),
  ),
});

export const ratingRequest = z.strictObject({ nip, month: monthId, hasilKerja: rating, perilaku: rating });
export const ratingView = z.object({
  nip,
  month: monthId,
  hasilKerja: rating,
  perilaku: rating,
  predikat,
  ratedBy: z.string(),
  at: z.number().int(),
});

export const appealRequest = z.strictObject({
  findingId: id,
  text: text(2000).min(1, 'say why the finding is wrong'),
  evidenceIds: z.array(id).max(10).default([]),
});
export const appealDecisionRequest = z.strictObject({
  outcome: z.enum(['upheld', 'overturned']),
  text: text(2000).min(1, 'give the grounds'),
});
export const appealView = z.object({
  findingId: id,
  kind: z.string(),
  nip: nip.nullable(),
  date: isoDate,
  standing: findingStanding.nullable(),
  deciderKind: z.enum(['direct_superior', 'superiors_superior', 'verifikator']),
  deciderNip: nip.nullable(),
  dueAt: z.number().int(),
  overdue: z.boolean(),
  escalations: z.number().int(),
  evidence: z.array(evidenceView),
});
export type AppealView = z.infer<typeof appealView>;
export const appealList = z.object({ serverNow: z.number().int(), items: z.array(appealView) });
export const appealOpened = z.object({ appeal: appealView });

/** "My month": everything an officer needs for one month on one screen. */
export const myMonth = z.object({
  serverNow: z.number().int(),
  month: monthId,
  nip,
  superior: nip.nullable(),
  targets: z.array(
    z.object({
      targetId: id,
      rhkId: id,
      indicator: z.string(),
      unit: z.string(),
      weight: z.number().int(),
      target: z.number().int(),
      officeKpi: officeKpi.nullable(),
      /** An office KPI's achievement from operations, in basis points (null: nothing measured). */
      kpiAchievementBp: z.number().int().nullable(),
      realisation: realisationView.nullable(),
    }),
  ),
  /** For each recent activity day: the last day its evidence is on time and the working days left. */
  windows: z.array(z.object({ activityDate: isoDate, dueDate: isoDate, workingDaysLeft: z.number().int() })),
  findings: z.array(
    z.object({
      id,
      kind: z.string(),
      date: isoDate,
      standing: findingStanding.nullable(),
      appealEndsAt: z.number().int().nullable(),
      appeal: appealView.nullable(),
    }),
  ),
  rating: ratingView.nullable(),
  /** R2.2: the ladder in use, marked TYPICAL where it is an assumption. */
  ladder: z.array(z.object({ predikat, bp: z.number().int(), typical: z.boolean() })),
  lateCreditBp: z.object({ value: z.number().int(), typical: z.boolean() }),
});
export type MyMonth = z.infer<typeof myMonth>;
