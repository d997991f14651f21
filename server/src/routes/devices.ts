import { isUniqueViolation } from '@pkk/platform/db/errors';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { deviceCreateRequest, deviceNetworksRequest, kelurahanCode, type Device } from '@pkk/core';
import { principalOf, requireRole } from '../auth/principal.ts';
import { digest, newSecret } from '@pkk/platform/auth/secrets';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

type DeviceDbRow = {
  id: number;
  kelurahan_code: string;
  kind: Device['kind'];
  name: string;
  protocol: Device['protocol'];
  serial: string | null;
  tz_offset_minutes: number;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  allowed_networks: string[];
  last_source_address: string | null;
  push_comm_key_pinned_at: Date | null;
};

function toDevice(r: DeviceDbRow): Device {
  return {
    id: r.id,
    kelurahanCode: r.kelurahan_code,
    kind: r.kind,
    name: r.name,
    protocol: r.protocol,
    serial: r.serial,
    tzOffsetMinutes: r.tz_offset_minutes,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    allowedNetworks: r.allowed_networks,
    lastSourceAddress: r.last_source_address,
    pushCommKeyPinnedAt: r.push_comm_key_pinned_at?.toISOString() ?? null,
  };
}

const COLUMNS = [
  'id',
  'kelurahan_code',
  'kind',
  'name',
  'protocol',
  'serial',
  'tz_offset_minutes',
  'revoked_at',
  'last_seen_at',
  'allowed_networks',
  'last_source_address',
  'push_comm_key_pinned_at',
] as const;
const deviceId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * Device registration. A JSON device gets a key, shown once and stored as a digest; an ADMS terminal
 * is known by its serial. Revoking stops ingest at once on this node, within seconds on the others.
 * Admins set the networks a device may report from, and reset a terminal's pinned `pushcommkey`
 * (after a firmware change or a swap): both loosen what a device must prove, so operators cannot.
 */
export function deviceRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('operator', 'admin'));

  router.get('/', async (req, res) => {
    const q = parseOr400(z.object({ kelurahan: kelurahanCode.optional() }), req.query, 'query');
    let query = ctx.db.selectFrom('devices').select(COLUMNS).orderBy('id');
    if (q.kelurahan) query = query.where('kelurahan_code', '=', q.kelurahan);
    res.json({ items: (await query.execute()).map(toDevice) });
  });

  router.post('/', async (req, res) => {
    principalOf(req);
    const d = parseOr400(deviceCreateRequest, req.body);
    if (!ctx.registry.get(d.kelurahanCode))
      throw ApiError.unprocessable('invalid device', [
        { field: 'kelurahanCode', reason: `unknown kelurahan ${d.kelurahanCode}` },
      ]);
    const key = d.protocol === 'json' ? newSecret('dk') : null;
    try {
      const row = await ctx.db
        .insertInto('devices')
        .values({
          kelurahan_code: d.kelurahanCode,
          kind: d.kind,
          name: d.name,
          protocol: d.protocol,
          serial: d.serial ?? null,
          key_hash: key ? digest(key) : null,
          tz_offset_minutes: d.tzOffsetMinutes ?? ctx.policy.thresholds.devices.admsTimeZoneHours * 60,
          allowed_networks: d.allowedNetworks ?? [],
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      // A serial or key looked up (and found unknown) just before must not stay unknown in the cache.
      deps.directory.invalidate();
      await deps.registryChanged({ kelurahan: d.kelurahanCode, what: 'devices' });
      res.status(201).json({ device: toDevice(row), key });
    } catch (err) {
      if (isUniqueViolation(err)) throw ApiError.conflict('a device with this name or serial already exists');
      throw err;
    }
  });

  router.post('/:id/key', async (req: Request<{ id: string }>, res) => {
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const key = newSecret('dk');
    const row = await ctx.db
      .updateTable('devices')
      .set({ key_hash: digest(key), revoked_at: null })
      .where('id', '=', id)
      .where('protocol', '=', 'json')
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) throw ApiError.notFound(`no JSON device ${id}`);
    deps.directory.invalidate();
    await deps.registryChanged({ kelurahan: row.kelurahan_code, what: 'devices' });
    res.json({ device: toDevice(row), key });
  });

  /** A change that makes the devices cache stale on every node. */
  async function changed(row: DeviceDbRow) {
    deps.directory.invalidate();
    await deps.registryChanged({ kelurahan: row.kelurahan_code, what: 'devices' });
  }

  router.put('/:id/networks', requireRole('admin'), async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const { allowedNetworks } = parseOr400(deviceNetworksRequest, req.body);
    const row = await ctx.db
      .updateTable('devices')
      .set({ allowed_networks: allowedNetworks })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) throw ApiError.notFound(`no device ${id}`);
    await changed(row);
    ctx.log.info({ deviceId: id, allowedNetworks, by: p.username }, 'device networks set');
    res.json({ device: toDevice(row) });
  });

  router.post('/:id/pushcommkey/reset', requireRole('admin'), async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const row = await ctx.db
      .updateTable('devices')
      .set({ push_comm_key_hash: null, push_comm_key_pinned_at: null })
      .where('id', '=', id)
      .where('protocol', '=', 'adms')
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) throw ApiError.notFound(`no ADMS terminal ${id}`);
    await changed(row);
    ctx.log.info({ deviceId: id, by: p.username }, 'ADMS pushcommkey reset: the next one sent is pinned');
    res.json({ device: toDevice(row) });
  });

  router.post('/:id/revoke', async (req: Request<{ id: string }>, res) => {
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const row = await ctx.db
      .updateTable('devices')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!row) throw ApiError.notFound(`no device ${id}`);
    deps.directory.invalidate();
    await deps.registryChanged({ kelurahan: row.kelurahan_code, what: 'devices' });
    res.json({ device: toDevice(row) });
  });

  return router;
}
