import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { digest } from '@pkk/platform/auth/secrets';
import type { IngestDeps } from '../json-routes.ts';
import { queryParam } from './exchange.ts';
import { sendText } from './reply.ts';

const SERIAL = /^[A-Za-z0-9_-]{1,40}$/;
/** The `pushcommkey` of push 2.2.x firmware is 32 hex digits; anything longer is not one. */
const PUSH_COMM_KEY = /^[A-Za-z0-9]{1,128}$/;
const UNKNOWN = 'ERROR: unknown or revoked device';

/**
 * A terminal is known by its serial (`SN=`). An unknown or revoked serial gets 401 and a body that
 * does not start with OK, and nothing is stored: the terminal keeps its punches and retries, so none
 * is lost while it waits to be registered.
 *
 * The serial is printed on the device and sent in clear, so it proves little:
 * - a request from outside the terminal's allowed networks gets the very same 401;
 * - a registered terminal's first contact waits for an operator: until one confirms it (the source
 *   address and pushcommkey digest it showed, listed with the device), every request is recorded as
 *   a contact and nothing it sends is stored (see router.ts for what it is answered);
 * - once confirmed, a request carrying a `pushcommkey` other than the one confirmed (or pinned since,
 *   when it was confirmed without one) gets the 401 too, until an admin resets it.
 * Refusals are logged with the source address.
 */
export function terminalAuth(deps: IngestDeps) {
  const { directory, ctx } = deps;
  return async (req: Request, res: Response, next: NextFunction) => {
    const sn = queryParam(req, 'SN');
    if (!sn) return sendText(res, 400, 'ERROR: SN required');
    const device = SERIAL.test(sn) ? await directory.deviceBySerial(sn) : null;
    if (!device || device.revoked) return sendText(res, 401, UNKNOWN);
    if (device.protocol !== 'adms')
      return sendText(res, 403, 'ERROR: device is not registered as an ADMS terminal');
    const refuse = (reason: string) => {
      ctx.log.warn(
        { deviceId: device.id, serial: sn, address: req.ip, url: req.path },
        `ADMS request refused: ${reason}`,
      );
      sendText(res, 401, UNKNOWN);
    };
    if (!device.networks.allows(req.ip))
      return refuse('source address outside the terminal’s allowed networks');

    const key = queryParam(req, 'pushcommkey');
    if (key !== undefined && !PUSH_COMM_KEY.test(key)) return refuse('malformed pushcommkey');
    const now = new Date(ctx.clock.now());
    if (!device.confirmed) {
      if (req.ip)
        await directory.contacts.record(device.id, req.ip, key === undefined ? null : digest(key), now);
      req.device = device;
      return next();
    }
    if (key !== undefined) {
      const sent = digest(key);
      const pinned = device.pushCommKeyHash ?? (await directory.pinPushCommKey(device, key, now));
      if (pinned.length !== sent.length || !timingSafeEqual(pinned, sent))
        return refuse('pushcommkey differs from the one confirmed or pinned (an admin can reset it)');
      if (!device.pushCommKeyHash)
        ctx.log.info(
          { deviceId: device.id, serial: sn, address: req.ip },
          'ADMS pushcommkey pinned: the terminal was confirmed without one',
        );
    }
    req.device = device;
    next();
  };
}
