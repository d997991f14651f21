import { Router, type Request } from 'express';
import { z } from 'zod';
import { deviceCommandRequest, type DeviceCommand } from '@pkk/core';
import { principalOf, requireRole } from '../../auth/principal.ts';
import { ApiError, parseOr400 } from '../../http/errors.ts';
import type { RouteDeps } from '../../routes/deps.ts';

const COLUMNS = [
  'id',
  'device_id',
  'command',
  'status',
  'return_code',
  'created_at',
  'sent_at',
  'done_at',
  'attempts',
] as const;

function toCommand(r: {
  id: number;
  device_id: number;
  command: string;
  status: DeviceCommand['status'];
  return_code: number | null;
  created_at: Date;
  sent_at: Date | null;
  done_at: Date | null;
  attempts: number;
}): DeviceCommand {
  return {
    id: r.id,
    deviceId: r.device_id,
    command: r.command,
    status: r.status,
    returnCode: r.return_code,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    doneAt: r.done_at?.toISOString() ?? null,
    attempts: r.attempts,
  };
}

const deviceId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * Operators queue commands for an ADMS terminal (`INFO`, `CHECK`, `REBOOT`, `DATA UPDATE USERINFO …`);
 * the terminal fetches them on its next poll and reports each result. Mounted under /api/v1/devices,
 * with its role check per route so that it never stands in the way of the other device routes.
 */
export function admsCommandRoutes(deps: RouteDeps): Router {
  const { ctx } = deps;
  const router = Router();
  const managers = requireRole('operator', 'admin');

  async function terminal(id: number) {
    const device = await ctx.db
      .selectFrom('devices')
      .select(['id', 'protocol', 'revoked_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!device || device.protocol !== 'adms') throw ApiError.notFound(`no ADMS terminal ${id}`);
    return device;
  }

  router.post('/:id/commands', managers, async (req: Request<{ id: string }>, res) => {
    const p = principalOf(req);
    const id = parseOr400(deviceId, req.params.id, 'device id');
    const { command } = parseOr400(deviceCommandRequest, req.body);
    const device = await terminal(id);
    if (device.revoked_at)
      throw ApiError.conflict(`terminal ${id} is revoked: it would never fetch the command`);
    const row = await ctx.db
      .insertInto('device_commands')
      .values({ device_id: id, command, created_at: new Date(ctx.clock.now()) })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    ctx.log.info({ deviceId: id, commandId: row.id, by: p.username }, 'ADMS command queued');
    res.status(201).json({ command: toCommand(row) });
  });

  router.get('/:id/commands', managers, async (req: Request<{ id: string }>, res) => {
    const id = parseOr400(deviceId, req.params.id, 'device id');
    await terminal(id);
    const rows = await ctx.db
      .selectFrom('device_commands')
      .select(COLUMNS)
      .where('device_id', '=', id)
      .orderBy('id', 'desc')
      .limit(100)
      .execute();
    res.json({ items: rows.map(toCommand) });
  });

  return router;
}
