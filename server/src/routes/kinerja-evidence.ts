import { createReadStream } from 'node:fs';
import express, { Router, type Request } from 'express';
import {
  canonicalJson,
  evidenceStatement,
  keyRegisterRequest,
  sniffEvidenceType,
  type SigningKey,
} from '@pkk/core';
import { varDir } from '@pkk/platform/config/paths';
import { blobPath, sha256Of, storeBlob } from '@pkk/platform/kinerja/blobs';
import { verifyEd25519 } from '@pkk/platform/kinerja/signature';
import { evidenceByIds } from '@pkk/platform/kinerja/store';
import { principalOf } from '../auth/principal.ts';
import { ApiError, idParam, parseOr400, zodDetails } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { mayReadOfficer, ownNip } from './kinerja-access.ts';

/**
 * Signing keys and evidence files (issue 19 §2). An officer's browser makes an Ed25519 key pair
 * (WebCrypto; the private key never leaves it) and registers the public key; each upload carries the
 * statement it signed (the file's SHA-256 and metadata, canonical JSON) and the signature. The server
 * reads the type from the bytes, hashes them, checks the statement describes exactly these bytes and
 * this officer, checks the signature with a key of theirs valid now, and stores the file once by hash.
 */

const keyView = (k: {
  id: number;
  public_key: string;
  valid_from: Date;
  valid_to: Date | null;
  revoked: boolean;
}): SigningKey => ({
  id: k.id,
  publicKey: k.public_key,
  validFrom: k.valid_from.getTime(),
  validTo: k.valid_to?.getTime() ?? null,
  revoked: k.revoked,
});

const header = (req: Request, name: string): string => {
  const v = req.get(name);
  if (!v) throw ApiError.badRequest(`missing header ${name}`, [{ field: name, reason: 'required' }]);
  return v;
};

export function kinerjaEvidenceRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  const root = varDir(ctx.env.VAR_DIR);
  const maxBytes = ctx.policy.kinerja.evidence.maxBytes.value;

  router.get('/keys', async (req, res) => {
    const p = principalOf(req);
    if (p.kind !== 'user') throw ApiError.forbidden('signing keys belong to signed-in officers');
    const rows = await ctx.db
      .selectFrom('kinerja_keys')
      .selectAll()
      .where('user_id', '=', p.id)
      .orderBy('id', 'desc')
      .execute();
    res.json({ items: rows.map(keyView) });
  });

  /** Registers a public key; the officer's current key (if any) stops being valid from now (rotation). */
  router.post('/keys', async (req, res) => {
    const p = principalOf(req);
    const nip = ownNip(p);
    const body = parseOr400(keyRegisterRequest, req.body ?? {});
    if (Buffer.from(body.publicKey, 'base64url').length !== 32)
      throw ApiError.badRequest('invalid body', [{ field: 'publicKey', reason: 'expected 32 bytes' }]);
    const now = new Date(ctx.clock.now());
    const key = await ctx.db.transaction().execute(async (trx) => {
      const taken = await trx
        .selectFrom('kinerja_keys')
        .select('id')
        .where('public_key', '=', body.publicKey)
        .executeTakeFirst();
      if (taken) throw ApiError.conflict('this public key is registered already');
      await trx
        .updateTable('kinerja_keys')
        .set({ valid_to: now })
        .where('user_id', '=', p.id)
        .where('valid_to', 'is', null)
        .execute();
      return trx
        .insertInto('kinerja_keys')
        .values({ user_id: p.id, nip, public_key: body.publicKey, valid_from: now })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    ctx.log.info({ key: key.id, by: p.username }, 'signing key registered');
    res.status(201).json({ key: keyView(key) });
  });

  /** Revokes a key from now: what it signed before still verifies. */
  router.post('/keys/:id/revoke', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = idParam(req.params.id);
    const now = new Date(ctx.clock.now());
    const row = await ctx.db
      .selectFrom('kinerja_keys')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', p.kind === 'user' ? p.id : -1)
      .executeTakeFirst();
    if (!row) throw ApiError.notFound(`no key ${id} of this account`);
    if (row.revoked) throw ApiError.conflict('the key is revoked already');
    const updated = await ctx.db
      .updateTable('kinerja_keys')
      .set({ revoked: true, valid_to: row.valid_to && row.valid_to < now ? row.valid_to : now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    ctx.log.info({ key: id, by: p.username }, 'signing key revoked');
    res.json({ key: keyView(updated) });
  });

  router.post('/evidence', express.raw({ type: () => true, limit: maxBytes }), async (req: Request, res) => {
    const p = principalOf(req);
    const nip = ownNip(p);
    const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : new Uint8Array();
    if (bytes.length === 0)
      throw ApiError.badRequest('the body must be the file', [{ field: '(body)', reason: 'empty' }]);
    const mime = sniffEvidenceType(bytes.subarray(0, 8));
    if (!mime)
      throw new ApiError(
        415,
        'unsupported_media_type',
        'the file is not a PDF, JPEG or PNG (read from its content)',
      );
    const statementText = Buffer.from(header(req, 'x-evidence-statement'), 'base64url').toString('utf8');
    const signature = header(req, 'x-evidence-signature');
    const keyId = idParam(header(req, 'x-evidence-key'), 'x-evidence-key');
    let parsed: unknown;
    try {
      parsed = JSON.parse(statementText);
    } catch {
      throw ApiError.badRequest('the statement is not JSON', [
        { field: 'x-evidence-statement', reason: 'not JSON' },
      ]);
    }
    const st = evidenceStatement.safeParse(parsed);
    if (!st.success) throw ApiError.badRequest('invalid statement', zodDetails(st.error));
    const s = st.data;
    const bad = (field: string, reason: string) =>
      ApiError.badRequest('the statement does not describe this upload', [
        { field: `statement.${field}`, reason },
      ]);
    if (canonicalJson(s) !== statementText) throw bad('(text)', 'not in canonical JSON (RFC 8785)');
    const sha256 = sha256Of(bytes);
    if (s.sha256 !== sha256) throw bad('sha256', 'not the SHA-256 of the file received');
    if (s.size !== bytes.length) throw bad('size', `the file has ${bytes.length} bytes`);
    if (s.mime !== mime) throw bad('mime', `the file's content is ${mime}`);
    if (s.nip !== nip) throw bad('nip', "not the uploader's NIP");
    const now = ctx.clock.now();
    const key = await ctx.db
      .selectFrom('kinerja_keys')
      .selectAll()
      .where('id', '=', keyId)
      .where('user_id', '=', p.id)
      .executeTakeFirst();
    if (!key)
      throw ApiError.unprocessable(`no signing key ${keyId} of this account`, [
        { field: 'x-evidence-key', reason: 'unknown' },
      ]);
    if (key.valid_from.getTime() > now || (key.valid_to !== null && key.valid_to.getTime() <= now))
      throw ApiError.conflict('the signing key is no longer valid (revoked or replaced): register a new one');
    if (!verifyEd25519(key.public_key, statementText, signature))
      throw ApiError.badRequest('the signature does not verify', [
        { field: 'x-evidence-signature', reason: 'not this key’s signature over the statement' },
      ]);
    const { deduplicated } = await storeBlob(ctx.db, root, bytes, sha256, mime, now);
    const row = await ctx.db
      .insertInto('kinerja_evidence')
      .values({
        sha256,
        purpose: s.purpose,
        filename: s.filename,
        statement: statementText,
        signature,
        key_id: key.id,
        nip,
        uploaded_by: p.id,
        uploaded_at: new Date(now),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const view = (await evidenceByIds(ctx.db, [row.id])).get(row.id)!;
    res.status(201).json({ evidence: { ...view, deduplicated } });
  });

  /** The file itself, to whoever may read the officer's kinerja; its hash in a header to check. */
  router.get('/evidence/:id/file', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = idParam(req.params.id);
    const ev = (await evidenceByIds(ctx.db, [id])).get(id);
    if (!ev || !(await mayReadOfficer(ctx, p, ev.nip))) throw ApiError.notFound(`no evidence ${id}`);
    res.setHeader('content-type', ev.mime);
    res.setHeader('content-length', String(ev.size));
    res.setHeader('x-content-sha256', ev.sha256);
    res.setHeader('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(ev.filename)}`);
    res.setHeader('x-content-type-options', 'nosniff');
    createReadStream(blobPath(root, ev.sha256)).pipe(res);
  });

  router.get('/evidence/:id', async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = idParam(req.params.id);
    const ev = (await evidenceByIds(ctx.db, [id])).get(id);
    if (!ev || !(await mayReadOfficer(ctx, p, ev.nip))) throw ApiError.notFound(`no evidence ${id}`);
    res.json({ evidence: ev });
  });
  return router;
}
