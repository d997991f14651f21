import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { attendanceBatch, presenceBatch, queueBatch, type IngestResult, type LiveEvent } from '@pkk/core';
import type { z } from 'zod';
import type { Context } from '@pkk/platform/context';
import { bearerOf } from '../auth/principal.ts';
import { ApiError, zodDetails } from '../http/errors.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { presenceEvents, punchEvents, queueEvents, type Announcer } from './announce.ts';
import type { DeviceRow, Directory } from './directory.ts';
import type { RawPayload } from './rows.ts';
import { checkPresence, checkPunches, checkQueueEvents, type Checked, type ItemContext } from './validate.ts';
import { storePresence, storePunches, storeQueueEvents, type Stored } from './store.ts';

export interface IngestDeps {
  ctx: Context;
  directory: Directory;
  announcer: Announcer;
  metrics: Metrics;
}

type Channel = 'attendance' | 'queue' | 'presence';

declare module 'express-serve-static-core' {
  interface Request {
    device?: DeviceRow;
  }
}

/**
 * A device authenticates with its own key; 401 for an unknown or revoked key, and the same 401 from
 * outside the device's allowed networks (an attacker learns nothing about which keys exist).
 */
function deviceAuth(deps: IngestDeps, kind: Channel) {
  const { directory } = deps;
  return async (req: Request, _res: Response, next: NextFunction) => {
    const key = bearerOf(req) ?? (req.headers['x-device-key'] as string | undefined);
    if (!key) return next(ApiError.unauthorized('device key required (Authorization: Bearer <key>)'));
    const device = await directory.deviceByKey(key);
    if (!device || device.revoked) return next(ApiError.unauthorized('unknown or revoked device key'));
    if (!device.networks.allows(req.ip)) {
      deps.ctx.log.warn(
        { deviceId: device.id, address: req.ip },
        'device key used from outside its allowed networks; refused',
      );
      return next(ApiError.unauthorized('unknown or revoked device key'));
    }
    if (device.kind !== kind)
      return next(ApiError.forbidden(`this device is registered as ${device.kind}, not ${kind}`));
    req.device = device;
    next();
  };
}

interface ChannelSpec<R> {
  envelope: z.ZodType<{ kelurahan: string }>;
  itemsKey: string;
  check: (items: unknown[], ctx: ItemContext) => Checked<R>;
  store: (deps: IngestDeps, raw: RawPayload, kelurahan: string, rows: R[]) => Promise<Stored<R>>;
  live: (rows: R[]) => LiveEvent[];
}

function handler<R>(deps: IngestDeps, channel: Channel, spec: ChannelSpec<R>) {
  const { ctx, directory, metrics } = deps;
  const limits = ctx.policy.thresholds.ingest;
  return async (req: Request, res: Response) => {
    const timer = metrics.ingestBatchSeconds.startTimer({ channel });
    const device = req.device!;
    const receivedAt = new Date(ctx.clock.now());
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw ApiError.badRequest(`malformed JSON body: ${(err as Error).message}`);
    }
    const envelope = spec.envelope.safeParse(json);
    if (!envelope.success) throw ApiError.badRequest('invalid batch', zodDetails(envelope.error));
    const { kelurahan } = envelope.data;
    const items = (envelope.data as unknown as Record<string, unknown[]>)[spec.itemsKey]!;
    if (kelurahan !== device.kelurahanCode) {
      throw ApiError.forbidden(`this device belongs to kelurahan ${device.kelurahanCode}, not ${kelurahan}`);
    }
    if (items.length > limits.maxBatchItems) {
      throw ApiError.tooLarge(`batch of ${items.length} items; at most ${limits.maxBatchItems} per request`);
    }
    const officers = await directory.officersOf(kelurahan);
    const checked = spec.check(items, {
      now: receivedAt.getTime(),
      thresholds: limits,
      desks: ctx.registry.desksOf(kelurahan),
      services: ctx.registry.servicesOf(kelurahan),
      officers,
    });
    const raw: RawPayload = {
      deviceId: device.id,
      channel,
      contentType: req.headers['content-type'] ?? null,
      body,
      itemCount: items.length,
      validCount: checked.rows.length,
      rejects: checked.rejected,
      flags: checked.flagged,
      sourceAddress: req.ip ?? null,
      receivedAt,
    };
    const { added, seq, conflicts } = await spec.store(deps, raw, kelurahan, checked.rows);
    const result: IngestResult = {
      accepted: added.length,
      duplicates: checked.rows.length - added.length - conflicts.length,
      rejected: checked.rejected,
      flagged: [...checked.flagged, ...conflicts].sort((a, b) => a.index - b.index),
    };
    const status = items.length > 0 && checked.rows.length === 0 ? 422 : 200;
    res.status(status).json(result);
    timer();
    metrics.ingestRequests.inc({ channel, status: String(status) });
    metrics.ingestItems.inc({ channel, result: 'accepted' }, result.accepted);
    metrics.ingestItems.inc({ channel, result: 'duplicate' }, result.duplicates);
    metrics.ingestItems.inc(
      { channel, result: 'rejected' },
      new Set(result.rejected.map((r) => r.index)).size,
    );
    metrics.ingestItems.inc({ channel, result: 'flagged' }, result.flagged.length - conflicts.length);
    metrics.ingestItems.inc({ channel, result: 'conflict' }, conflicts.length);
    // Only what this delivery added is announced, with the office's sequence number: what was stored
    // before is in live state already (a gap in the numbers makes it re-read the office), and a
    // re-sent item must never show content the database does not hold.
    await Promise.all([
      deps.announcer.announce(
        kelurahan,
        [{ kind: 'device', deviceId: device.id, at: receivedAt.getTime() }],
        spec.live(added),
        seq,
      ),
      directory.touch(device.id, receivedAt, req.ip ?? null),
    ]);
  };
}

export function jsonIngestRouter(deps: IngestDeps): Router {
  const router = Router();
  const limit = deps.ctx.policy.thresholds.ingest.maxBodyBytes;
  // Raw bytes whatever the Content-Type: the payload is kept verbatim for audits and appeals.
  const body = express.raw({ type: () => true, limit });
  router.post(
    '/attendance',
    deviceAuth(deps, 'attendance'),
    body,
    handler(deps, 'attendance', {
      envelope: attendanceBatch,
      itemsKey: 'punches',
      check: checkPunches,
      store: (d, raw, k, rows) => storePunches(d.ctx.db, raw, k, rows),
      live: punchEvents,
    }),
  );
  router.post(
    '/queue',
    deviceAuth(deps, 'queue'),
    body,
    handler(deps, 'queue', {
      envelope: queueBatch,
      itemsKey: 'events',
      check: checkQueueEvents,
      store: (d, raw, k, rows) => storeQueueEvents(d.ctx.db, raw, k, rows),
      live: queueEvents,
    }),
  );
  router.post(
    '/presence',
    deviceAuth(deps, 'presence'),
    body,
    handler(deps, 'presence', {
      envelope: presenceBatch,
      itemsKey: 'observations',
      check: checkPresence,
      store: (d, raw, k, rows) => storePresence(d.ctx.db, raw, k, rows),
      live: presenceEvents,
    }),
  );
  return router;
}
