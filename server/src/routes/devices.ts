import { isUniqueViolation } from '@pkk/platform/db/errors';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { deviceCreateRequest, deviceNetworksRequest, kelurahanCode } from '@pkk/core';
import { principalOf, requireRole } from '../auth/principal.ts';
import { digest, newSecret } from '@pkk/platform/auth/secrets';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { confirmTerminal } from './device-confirm.ts';
import {
  auditDevice,
  DEVICE_COLUMNS as COLUMNS,
  devicesWithContacts,
  toDevice,
  type DeviceDbRow,
} from './device-rows.ts';

const deviceId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * Device registration. A JSON device gets a key, shown once and stored as a digest; an ADMS terminal
 * is known by its serial, and what it sends is stored only once an operator confirmed its first
 * contact (device-confirm.ts). Revoking stops ingest at once on this node, within seconds on the
 * others. Admins set the networks a device may report from, reset a terminal's pinned `pushcommkey`
 * (after a firmware change or a swap) and undo a revocation: each loosens what a device must prove,
 * so operators cannot.
 */
export function deviceRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  router.use(requireRole('operator', 'admin'));

  router.get('/', async (req, res) => {
    const q = parseOr400(z.object({ kelurahan: kelurahanCode.optional() }), req.query, 'query');
    let query = ctx.db.selectFrom('devices').select(COLUMNS).orderBy('id');
    if (q.kelurahan) query = query.where('kelurahan_code', '=', q.kelurahan);
    res.json({ items: await devicesWithContacts(ctx.db, await query.execute()) });
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
      const row = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
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
        await auditDevice(trx, ctx.clock.now(), principalOf(req), 'enrolled', row, {
          serial: d.serial ?? null,
        });
        return row;
      });
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
    const p = principalOf(req);
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const key = newSecret('dk');
    // A new key for a revoked device lifts the revocation: an admin's call (as POST /restore is for a
    // terminal). The condition is in the update, so a revocation made meanwhile is never undone.
    const row = await ctx.db.transaction().execute(async (trx) => {
      let update = trx
        .updateTable('devices')
        .set({ key_hash: digest(key), revoked_at: null })
        .where('id', '=', id)
        .where('protocol', '=', 'json');
      if (p.role !== 'admin') update = update.where('revoked_at', 'is', null);
      const row = await update.returning([...COLUMNS]).executeTakeFirst();
      if (row) await auditDevice(trx, ctx.clock.now(), p, 'keyed', row);
      return row;
    });
    if (!row) {
      const revoked = await ctx.db
        .selectFrom('devices')
        .select('id')
        .where('id', '=', id)
        .where('protocol', '=', 'json')
        .executeTakeFirst();
      if (revoked) throw ApiError.forbidden(`device ${id} is revoked: only an admin may give it a key again`);
      throw ApiError.notFound(`no JSON device ${id}`);
    }
    await changed(row);
    res.json({ device: toDevice(row), key });
  });

  router.post('/:id/confirm', confirmTerminal(deps));

  /** A change that makes the devices cache stale on every node. */
  async function changed(row: Pick<DeviceDbRow, 'kelurahan_code'>) {
    deps.directory.invalidate();
    await deps.registryChanged({ kelurahan: row.kelurahan_code, what: 'devices' });
  }

  router.put('/:id/networks', requireRole('admin'), async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const { allowedNetworks } = parseOr400(deviceNetworksRequest, req.body);
    const row = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('devices')
        .set({ allowed_networks: allowedNetworks })
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (row) await auditDevice(trx, ctx.clock.now(), p, 'networks_set', row, { allowedNetworks });
      return row;
    });
    if (!row) throw ApiError.notFound(`no device ${id}`);
    await changed(row);
    ctx.log.info({ deviceId: id, allowedNetworks, by: p.username }, 'device networks set');
    res.json({ device: toDevice(row) });
  });

  router.post('/:id/pushcommkey/reset', requireRole('admin'), async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const row = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('devices')
        .set({ push_comm_key_hash: null, push_comm_key_pinned_at: null })
        .where('id', '=', id)
        .where('protocol', '=', 'adms')
        .returning(COLUMNS)
        .executeTakeFirst();
      if (row) await auditDevice(trx, ctx.clock.now(), p, 'pushcommkey_reset', row);
      return row;
    });
    if (!row) throw ApiError.notFound(`no ADMS terminal ${id}`);
    await changed(row);
    ctx.log.info({ deviceId: id, by: p.username }, 'ADMS pushcommkey reset: the next one sent is pinned');
    res.json({ device: toDevice(row) });
  });

  router.post('/:id/revoke', async (req: Request<{ id: string }>, res) => {
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const row = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('devices')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (row) await auditDevice(trx, ctx.clock.now(), principalOf(req), 'revoked', row);
      return row;
    });
    if (!row) throw ApiError.notFound(`no device ${id}`);
    await changed(row);
    res.json({ device: toDevice(row) });
  });

  /**
   * Undoes the revocation of an ADMS terminal (admins). It comes back as a new terminal would: its
   * next contact awaits an operator's confirmation, so a revoked (lost, stolen) terminal never
   * resumes on its own. A JSON device is restored with a new key (POST /key, as an admin).
   */
  router.post('/:id/restore', requireRole('admin'), async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const row = await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('device_contacts').where('device_id', '=', id).execute();
      const row = await trx
        .updateTable('devices')
        .set({
          revoked_at: null,
          confirmed_at: null,
          confirmed_by: null,
          confirmed_address: null,
          push_comm_key_hash: null,
          push_comm_key_pinned_at: null,
        })
        .where('id', '=', id)
        .where('protocol', '=', 'adms')
        .where('revoked_at', 'is not', null)
        .returning(COLUMNS)
        .executeTakeFirst();
      if (row) await auditDevice(trx, ctx.clock.now(), p, 'restored', row);
      return row;
    });
    if (!row) throw ApiError.notFound(`no revoked ADMS terminal ${id}`);
    await changed(row);
    ctx.log.info({ deviceId: id, by: p.username }, 'ADMS terminal restored; it awaits confirmation again');
    res.json({ device: toDevice(row) });
  });

  return router;
}
