import type { NextFunction, Request, Response } from 'express';
import type { Directory } from '../directory.ts';
import { queryParam } from './exchange.ts';
import { sendText } from './reply.ts';

const SERIAL = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * A terminal is known by its serial (`SN=`). An unknown or revoked serial gets 401 and a body that
 * does not start with OK, and nothing is stored: the terminal keeps its punches and retries, so none
 * is lost while it waits to be registered.
 */
export function terminalAuth(directory: Directory) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const sn = queryParam(req, 'SN');
    if (!sn) return sendText(res, 400, 'ERROR: SN required');
    const device = SERIAL.test(sn) ? await directory.deviceBySerial(sn) : null;
    if (!device || device.revoked) return sendText(res, 401, 'ERROR: unknown or revoked device');
    if (device.protocol !== 'adms')
      return sendText(res, 403, 'ERROR: device is not registered as an ADMS terminal');
    req.device = device;
    next();
  };
}
