import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import {
  cameraCreateRequest,
  camerasQuery,
  cameraUpdateRequest,
  cameraZonesRequest,
  kecamatanInScope,
  officeInScope,
  officeScope,
  parseMediaNodes,
  type DeskZone,
} from '@pkk/core';
import { isUniqueViolation } from '@pkk/platform/db/errors';
import { publishMessage } from '@pkk/platform/infra/bus';
import { mediaKeys } from '@pkk/platform/media/keys';
import { redactUrl, sealUrl } from '@pkk/platform/media/camera-secrets';
import type { Updateable } from 'kysely';
import type { CamerasTable } from '@pkk/platform/db/schema';
import { principalOf, requireRole } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import { CAMERA_MANAGERS, CAMERA_VIEWERS, cameraIdOf, toCameras } from './camera-access.ts';
import { cameraPlayRoutes } from './camera-play.ts';
import { cameraSnapshotRoutes } from './camera-snapshots.ts';
import type { RouteDeps } from './deps.ts';

/**
 * Camera management and listing. RTSP URLs (they carry the camera's credentials) are checked,
 * sealed with the camera id as associated data, and never sent back. Every change is published on
 * `<prefix>:cameras:changed` (payload: the camera id) so that media nodes reload what they pull.
 */
export function cameraRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  const nodes = parseMediaNodes(ctx.env.MEDIA_NODES);
  const keys = mediaKeys(ctx.env);

  const changed = async (id: string) => {
    try {
      await publishMessage(deps.redis, ctx.env.REDIS_PREFIX, 'cameras:changed', id);
    } catch (err) {
      // The change is stored; media nodes also reload on their own schedule.
      ctx.log.error({ err, cameraId: id }, 'cameras:changed not published');
    }
  };

  router.get('/', requireRole(...CAMERA_VIEWERS), async (req, res) => {
    const scope = officeScope(principalOf(req));
    const q = parseOr400(camerasQuery, req.query, 'query');
    if (q.kelurahan) {
      const k = ctx.registry.get(q.kelurahan);
      if (!k) throw ApiError.notFound(`no kelurahan ${q.kelurahan}`);
      if (!officeInScope(scope, k))
        throw ApiError.forbidden(`kelurahan ${q.kelurahan} is outside this account's area`);
    }
    if (q.kecamatan && !kecamatanInScope(scope, q.kecamatan))
      throw ApiError.forbidden(`kecamatan ${q.kecamatan} is outside this account's area`);
    let sel = ctx.db.selectFrom('cameras').selectAll().orderBy('kelurahan_code').orderBy('name');
    if (scope.kind !== 'city') {
      const own = ctx.policy.kelurahan.filter((k) => officeInScope(scope, k)).map((k) => k.code);
      if (!own.length) return void res.json({ serverNow: ctx.clock.now(), items: [] });
      sel = sel.where('kelurahan_code', 'in', own);
    }
    if (q.kelurahan) sel = sel.where('kelurahan_code', '=', q.kelurahan);
    if (q.kecamatan) {
      const codes = ctx.registry.inKecamatan(q.kecamatan).map((k) => k.code);
      if (!codes.length) return void res.json({ serverNow: ctx.clock.now(), items: [] });
      sel = sel.where('kelurahan_code', 'in', codes);
    }
    res.json({ serverNow: ctx.clock.now(), items: await toCameras(ctx, await sel.execute(), nodes) });
  });

  router.post('/', requireRole(...CAMERA_MANAGERS), async (req, res) => {
    const p = principalOf(req);
    const c = parseOr400(cameraCreateRequest, req.body);
    if (!ctx.registry.get(c.kelurahanCode))
      throw ApiError.badRequest('invalid camera', [
        { field: 'kelurahanCode', reason: `unknown kelurahan ${c.kelurahanCode}` },
      ]);
    checkRtsp('rtspMain', c.rtspMain);
    if (c.rtspSub) checkRtsp('rtspSub', c.rtspSub);
    const id = randomUUID();
    const at = new Date(ctx.clock.now());
    const row = await unique(
      ctx.db
        .insertInto('cameras')
        .values({
          id,
          kelurahan_code: c.kelurahanCode,
          name: c.name,
          placement: c.placement,
          pull_mode: c.pullMode,
          enabled: c.enabled,
          rtsp_main: sealUrl(keys.camera, id, c.rtspMain),
          rtsp_sub: c.rtspSub ? sealUrl(keys.camera, id, c.rtspSub) : null,
          zones: '[]',
          created_at: at,
          updated_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
      c.kelurahanCode,
    );
    await changed(id);
    ctx.log.info(
      { cameraId: id, kelurahan: c.kelurahanCode, name: c.name, rtsp: redactUrl(c.rtspMain), by: p.username },
      'camera added',
    );
    res.status(201).json({ camera: (await toCameras(ctx, [row], nodes))[0] });
  });

  router.patch('/:id', requireRole(...CAMERA_MANAGERS), async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = cameraIdOf(req.params.id);
    const c = parseOr400(cameraUpdateRequest, req.body);
    if (c.rtspMain !== undefined) checkRtsp('rtspMain', c.rtspMain);
    if (c.rtspSub) checkRtsp('rtspSub', c.rtspSub);
    const set: Updateable<CamerasTable> = { updated_at: new Date(ctx.clock.now()) };
    if (c.name !== undefined) set.name = c.name;
    if (c.placement !== undefined) set.placement = c.placement;
    if (c.pullMode !== undefined) set.pull_mode = c.pullMode;
    if (c.enabled !== undefined) set.enabled = c.enabled;
    if (c.rtspMain !== undefined) set.rtsp_main = sealUrl(keys.camera, id, c.rtspMain);
    if (c.rtspSub !== undefined)
      set.rtsp_sub = c.rtspSub === null ? null : sealUrl(keys.camera, id, c.rtspSub);
    const existing = await ctx.db
      .selectFrom('cameras')
      .select('kelurahan_code')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!existing) throw ApiError.notFound(`no camera ${id}`);
    const row = await unique(
      ctx.db.updateTable('cameras').set(set).where('id', '=', id).returningAll().executeTakeFirst(),
      existing.kelurahan_code,
    );
    if (!row) throw ApiError.notFound(`no camera ${id}`);
    await changed(id);
    ctx.log.info({ cameraId: id, fields: Object.keys(c), by: p.username }, 'camera changed');
    res.json({ camera: (await toCameras(ctx, [row], nodes))[0] });
  });

  router.put('/:id/zones', requireRole(...CAMERA_MANAGERS), async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = cameraIdOf(req.params.id);
    const { zones } = parseOr400(cameraZonesRequest, req.body);
    const existing = await ctx.db
      .selectFrom('cameras')
      .select('kelurahan_code')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!existing) throw ApiError.notFound(`no camera ${id}`);
    checkZones(
      zones,
      new Set(ctx.registry.desksOf(existing.kelurahan_code).map((d) => d.code)),
      existing.kelurahan_code,
    );
    const row = await ctx.db
      .updateTable('cameras')
      .set({ zones: JSON.stringify(zones), updated_at: new Date(ctx.clock.now()) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await changed(id);
    ctx.log.info({ cameraId: id, desks: zones.map((z) => z.desk), by: p.username }, 'camera zones set');
    res.json({ camera: (await toCameras(ctx, [row], nodes))[0] });
  });

  router.delete('/:id', requireRole(...CAMERA_MANAGERS), async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = cameraIdOf(req.params.id);
    const deleted = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('cameras')
        .select('id')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw ApiError.notFound(`no camera ${id}`);
      // Deleting cascades to live_views: the audit of who watched the camera would go with it.
      const watched = await trx
        .selectFrom('live_views')
        .select('view_id')
        .where('camera_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      if (watched)
        throw ApiError.conflict(
          'the camera has been watched: its viewing audit is kept, so disable it (PATCH enabled=false) instead of deleting it',
        );
      // Deleting cascades to its snapshots: a finding's evidence would go with them.
      const evidence = await trx
        .selectFrom('snapshot_references')
        .select('finding_id')
        .where('camera_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      if (evidence)
        throw ApiError.conflict(
          "the camera's snapshots are evidence of findings and are kept with them, so disable it (PATCH enabled=false) instead of deleting it",
        );
      await trx.deleteFrom('cameras').where('id', '=', id).execute();
      return row;
    });
    await changed(deleted.id);
    ctx.log.info({ cameraId: id, by: p.username }, 'camera deleted');
    res.status(204).end();
  });

  router.use(cameraPlayRoutes(deps, nodes, keys));
  router.use(cameraSnapshotRoutes(deps));
  return router;
}

/** A name taken within the kelurahan (the unique index) as a 409. */
async function unique<T>(write: Promise<T>, kelurahan: string): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (isUniqueViolation(err))
      throw ApiError.conflict(`a camera with this name exists in kelurahan ${kelurahan}`, [
        { field: 'name', reason: 'taken in this kelurahan' },
      ]);
    throw err;
  }
}

/** Beyond the schema's shape: a URL that parses, with a host, no whitespace or control characters. */
function checkRtsp(field: string, url: string): void {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  const bad =
    !parsed ||
    !/^rtsps?:$/.test(parsed.protocol) ||
    !parsed.hostname ||
    // eslint-disable-next-line no-control-regex
    /[\s\u0000-\u001f\u007f]/.test(url);
  if (bad)
    throw ApiError.badRequest('invalid camera', [
      { field, reason: 'expected rtsp://[user:password@]host[:port]/path' },
    ]);
}

function checkZones(zones: readonly DeskZone[], desks: ReadonlySet<string>, kelurahan: string): void {
  const details = zones.flatMap((z, i) =>
    desks.has(z.desk)
      ? []
      : [
          {
            field: `zones.${i}.desk`,
            reason: `no desk ${z.desk} in the office of kelurahan ${kelurahan} (${[...desks].join(', ')})`,
          },
        ],
  );
  if (details.length) throw ApiError.badRequest('invalid zones', details);
}
