import { z } from 'zod';
import {
  appealDecisionRequest,
  appealList,
  appealOpened,
  appealRequest,
  bulkDecisionRequest,
  bulkDecisionResult,
  decisionRequest,
  evidenceCreated,
  evidenceView,
  keyRegisterRequest,
  monthId,
  myMonth,
  ratingRequest,
  ratingView,
  realisationCreated,
  realisationResubmitRequest,
  realisationSubmitRequest,
  rhkCreated,
  rhkCreateRequest,
  rhkList,
  signingKeyCreated,
  signingKeys,
  targetCreated,
  targetSetRequest,
  verificationQueue,
} from '@pkk/core';
import { type AddOperation, id } from '../openapi/operation.ts';

/** The kinerja operations (issue 19 §2, §3): targets, signed evidence, verification, ratings, appeals. */
export function kinerjaOperations(add: AddOperation): void {
  const tag = 'kinerja';
  const access = 'account' as const;
  const nipQuery = z
    .string()
    .regex(/^\d{18}$/)
    .optional();
  add({
    method: 'get',
    path: '/api/v1/kinerja/keys',
    operationId: 'listSigningKeys',
    summary: "The signed-in officer's Ed25519 public keys, newest first",
    tag,
    access,
    ok: { 200: { description: 'Keys with their validity periods', schema: signingKeys } },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/keys',
    operationId: 'registerSigningKey',
    summary: 'Register a public key made in the browser; the current key stops being valid from now',
    tag,
    access,
    request: { body: keyRegisterRequest },
    ok: { 201: { description: 'Registered', schema: signingKeyCreated } },
    errors: { 409: 'The key is registered already' },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/keys/{id}/revoke',
    operationId: 'revokeSigningKey',
    summary: 'Revoke a key from now (what it signed before still verifies)',
    tag,
    access,
    request: { params: id },
    ok: { 200: { description: 'Revoked', schema: signingKeyCreated } },
    errors: { 404: 'No such key of this account', 409: 'Revoked already' },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/evidence',
    operationId: 'uploadEvidence',
    summary: 'Upload an evidence file (PDF, JPEG, PNG) with the signed statement of its hash and metadata',
    description:
      'The body is the file itself (any Content-Type; the type is read from its first bytes). Headers: `X-Evidence-Statement` (base64url of the canonical JSON statement: v, purpose, sha256, size, mime, filename, nip, signedAt), `X-Evidence-Signature` (base64url Ed25519 signature over the statement text), `X-Evidence-Key` (the key id). Stored once by SHA-256.',
    tag,
    access,
    ok: { 201: { description: 'Stored, with its signature check', schema: evidenceCreated } },
    errors: {
      400: 'A header missing, a statement that does not describe the bytes received, or a signature that does not verify',
      409: 'The key is no longer valid (revoked or replaced)',
      413: 'The file is larger than kinerja.yaml evidence.maxBytes',
      415: 'The file is not a PDF, JPEG or PNG by its content',
      422: 'No such key of this account',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/kinerja/evidence/{id}',
    operationId: 'getEvidence',
    summary: 'One piece of evidence with its signature checked now',
    tag,
    access,
    request: { params: id },
    ok: { 200: { description: 'Evidence', schema: z.object({ evidence: evidenceView }) } },
    errors: { 404: 'No such evidence in reach' },
  });
  const file = (t: string) => ({ [t]: { schema: z.string().describe('file bytes') } });
  add({
    method: 'get',
    path: '/api/v1/kinerja/evidence/{id}/file',
    operationId: 'getEvidenceFile',
    summary: 'The evidence file (X-Content-SHA256 names its hash)',
    tag,
    access,
    request: { params: id },
    ok: {
      200: {
        description: 'The file',
        content: { ...file('application/pdf'), ...file('image/jpeg'), ...file('image/png') },
      },
    },
    errors: { 404: 'No such evidence in reach' },
  });
  add({
    method: 'get',
    path: '/api/v1/kinerja/rhk',
    operationId: 'listRhk',
    summary: "An officer's annual RHK with their monthly targets",
    tag,
    access,
    request: { query: z.object({ nip: nipQuery, year: z.coerce.number().int().optional() }) },
    ok: { 200: { description: 'RHK', schema: rhkList } },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/rhk',
    operationId: 'createRhk',
    summary:
      "Add an RHK (the officer, their direct superior or a registry manager), cascaded from the superior's",
    tag,
    access,
    request: { body: rhkCreateRequest },
    ok: { 201: { description: 'Created', schema: rhkCreated } },
    errors: { 422: "Unknown officer, or a parent that is not the superior's RHK of that year" },
  });
  add({
    method: 'put',
    path: '/api/v1/kinerja/rhk/{id}/targets',
    operationId: 'setMonthlyTarget',
    summary: 'Set or correct the monthly rencana aksi target of an RHK',
    tag,
    access,
    request: { params: id, body: targetSetRequest },
    ok: { 200: { description: 'Stored', schema: targetCreated } },
    errors: { 404: 'No such RHK in reach' },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/realisations',
    operationId: 'submitRealisation',
    summary:
      'Submit what was realised against a monthly target, with evidence (late ones open evidence_late)',
    tag,
    access,
    request: { body: realisationSubmitRequest },
    ok: { 201: { description: 'Submitted', schema: realisationCreated } },
    errors: {
      409: 'The target has a realisation already, or is an office KPI',
      422: 'Unknown target or evidence of this officer',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/realisations/{id}/resubmit',
    operationId: 'resubmitRealisation',
    summary: 'Correct a rejected realisation: a new row naming the one it supersedes',
    tag,
    access,
    request: { params: id, body: realisationResubmitRequest },
    ok: { 201: { description: 'Resubmitted', schema: realisationCreated } },
    errors: {
      404: 'No such realisation in reach',
      409: 'Not the current, rejected realisation',
      422: 'Unknown evidence',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/kinerja/realisations/{id}',
    operationId: 'getRealisation',
    summary: 'A realisation with its evidence (signatures checked) and every decision',
    tag,
    access,
    request: { params: id },
    ok: { 200: { description: 'Realisation', schema: realisationCreated } },
    errors: { 404: 'No such realisation in reach' },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/realisations/{id}/decide',
    operationId: 'decideRealisation',
    summary: 'Validate or reject (with a reason): the direct superior first, then a verifikator',
    tag,
    access,
    request: { params: id, body: decisionRequest },
    ok: { 200: { description: 'Decided', schema: realisationCreated } },
    errors: {
      404: 'No such realisation in reach',
      409: 'Nothing to decide at this layer, or changed meanwhile',
    },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/realisations/validate-bulk',
    operationId: 'validateRealisationsBulk',
    summary: 'Validate several at once: only those this principal may decide whose every signature verifies',
    tag,
    access,
    request: { body: bulkDecisionRequest },
    ok: {
      200: { description: 'Validated and skipped, each skip with its reason', schema: bulkDecisionResult },
    },
  });
  add({
    method: 'get',
    path: '/api/v1/kinerja/queue',
    operationId: 'verificationQueue',
    summary: 'What waits for this principal, oldest first, with superiors past their deadline named',
    tag,
    access,
    ok: { 200: { description: 'Queue', schema: verificationQueue } },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/ratings',
    operationId: 'rateMonth',
    summary: "The direct superior's rating of a month: hasil kerja × perilaku → predikat",
    tag,
    access,
    request: { body: ratingRequest },
    ok: { 201: { description: 'Rated', schema: z.object({ rating: ratingView }) } },
  });
  add({
    method: 'get',
    path: '/api/v1/kinerja/month',
    operationId: 'myMonth',
    summary: "An officer's month: targets, realisations, evidence windows, findings and appeals, rating",
    tag,
    access,
    request: { query: z.object({ month: monthId.optional(), nip: nipQuery }) },
    ok: { 200: { description: 'The month', schema: myMonth } },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/appeals',
    operationId: 'openAppeal',
    summary: 'Contest a finding with reasons and signed evidence; its decider and deadline are named',
    tag,
    access,
    request: { body: appealRequest },
    ok: { 201: { description: 'Opened', schema: appealOpened } },
    errors: {
      404: 'No finding about a person in reach',
      409: 'Not contestable now (contested already, window closed)',
      422: 'Unknown appeal evidence of the officer',
    },
  });
  add({
    method: 'get',
    path: '/api/v1/kinerja/appeals',
    operationId: 'listAppeals',
    summary: 'Appeals this principal decides and their own, oldest first (escalations applied)',
    tag,
    access,
    ok: { 200: { description: 'Appeals', schema: appealList } },
  });
  add({
    method: 'post',
    path: '/api/v1/kinerja/appeals/{id}/decide',
    operationId: 'decideAppeal',
    summary: 'The named decider upholds or overturns a contested finding, with the grounds',
    tag,
    access,
    request: { params: id, body: appealDecisionRequest },
    ok: { 200: { description: 'Decided', schema: appealOpened } },
    errors: { 404: 'No such appeal in reach', 409: 'Not contested' },
  });
}
