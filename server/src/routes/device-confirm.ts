import { isIP } from 'node:net';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { deviceConfirmRequest } from '@pkk/core';
import { principalOf } from '../auth/principal.ts';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';
import { auditDevice, DEVICE_COLUMNS, toDevice } from './device-rows.ts';

const deviceId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The single-host network of an address (an IPv4-mapped IPv6 address as its IPv4 form). */
export function hostNetwork(address: string): string | null {
  const v4 = MAPPED_V4.exec(address)?.[1] ?? address;
  if (isIP(v4) === 4) return `${v4}/32`;
  if (isIP(address) === 6) return `${address}/128`;
  return null;
}

/**
 * `POST /api/v1/devices/:id/confirm` (operators and admins): accepts an ADMS terminal's first
 * contact, exactly the one named (the source address and the pushcommkey digest the device list
 * showed), in one transaction: if the contact from that address shows another key by now, or is gone,
 * nothing changes (409), so that a stranger's contact made while the operator looked cannot be
 * confirmed by mistake. Confirming pins that key and, when the terminal had no allowed networks,
 * limits it to that address (an admin widens it with PUT /networks, e.g. to the office's VPN
 * subnet); from then on what it sends is stored, its punches held on the terminal included.
 */
export function confirmTerminal(deps: RouteDeps) {
  const { ctx } = deps;
  return async (req: Request<{ id: string }>, res: Response) => {
    const p = principalOf(req);
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const want = parseOr400(deviceConfirmRequest, req.body);
    const now = new Date(ctx.clock.now());
    const row = await ctx.db.transaction().execute(async (trx) => {
      const d = await trx
        .selectFrom('devices')
        .select(['id', 'protocol', 'revoked_at', 'confirmed_at', 'allowed_networks'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!d || d.protocol !== 'adms') throw ApiError.notFound(`no ADMS terminal ${id}`);
      if (d.revoked_at) throw ApiError.conflict(`terminal ${id} is revoked: an admin restores it first`);
      if (d.confirmed_at) throw ApiError.conflict(`terminal ${id} is confirmed already`);
      const c = await trx
        .selectFrom('device_contacts')
        .select(['push_comm_key_hash'])
        .where('device_id', '=', id)
        .where('source_address', '=', want.sourceAddress)
        .executeTakeFirst();
      if (!c)
        throw ApiError.conflict('no contact from this address: list the device again', [
          { field: 'sourceAddress', reason: `terminal ${id} has no contact from ${want.sourceAddress}` },
        ]);
      const held = c.push_comm_key_hash?.toString('hex') ?? null;
      if (held !== want.pushCommKeyDigest)
        throw ApiError.conflict('the contact from this address shows another pushcommkey now: look again', [
          { field: 'pushCommKeyDigest', reason: `the contact shows ${held ?? 'no key'}` },
        ]);
      let networks = d.allowed_networks;
      if (!networks.length) {
        const host = hostNetwork(want.sourceAddress);
        if (!host)
          throw ApiError.conflict('this address cannot be made a network', [
            { field: 'sourceAddress', reason: 'not an IPv4 or IPv6 address' },
          ]);
        networks = [host];
      }
      await trx.deleteFrom('device_contacts').where('device_id', '=', id).execute();
      const row = await trx
        .updateTable('devices')
        .set({
          confirmed_at: now,
          confirmed_by: p.username,
          confirmed_address: want.sourceAddress,
          push_comm_key_hash: c.push_comm_key_hash,
          push_comm_key_pinned_at: c.push_comm_key_hash ? now : null,
          allowed_networks: networks,
        })
        .where('id', '=', id)
        .returning(DEVICE_COLUMNS)
        .executeTakeFirstOrThrow();
      await auditDevice(trx, now.getTime(), p, 'confirmed', row, {
        address: want.sourceAddress,
        pushCommKeyDigest: want.pushCommKeyDigest,
        networks,
      });
      return row;
    });
    deps.directory.invalidate();
    await deps.registryChanged({ kelurahan: row.kelurahan_code, what: 'devices' });
    ctx.log.info(
      { deviceId: id, address: want.sourceAddress, key: want.pushCommKeyDigest, by: p.username },
      'ADMS terminal confirmed: what it sends is stored from now on',
    );
    res.json({ device: toDevice(row) });
  };
}
