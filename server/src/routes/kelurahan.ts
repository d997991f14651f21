import { Router, type Request } from 'express';
import { sql } from 'kysely';
import { z } from 'zod';
import { officeInScope, officeScope, type KelurahanEntry, type Principal } from '@pkk/core';
import { principalOf, requireRole } from '../auth/principal.ts';
import type { Database } from '@pkk/platform/db/schema';
import { ApiError, parseOr400 } from '../http/errors.ts';
import type { RouteDeps } from './deps.ts';

/** Roles that watch offices live. */
const WATCHERS = ['walikota', 'operator', 'admin', 'camat', 'lurah'] as const;

/** The kelurahan named in the path, if this principal may see it: 404 unknown, 403 out of scope. */
export function scopedKelurahan(deps: RouteDeps, p: Principal, code: string): KelurahanEntry {
  const k = deps.ctx.registry.get(code);
  if (!k) throw ApiError.notFound(`no kelurahan ${code}`);
  if (!officeInScope(officeScope(p), k))
    throw ApiError.forbidden(`kelurahan ${code} is outside this account's area`);
  return k;
}

const eventsQuery = z.object({
  kind: z.enum(['attendance', 'queue', 'presence']),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** Id of the last row of the previous page. */
  after: z.coerce.number().int().min(0).optional(),
});

/** Where each kind of stored event lives, the time it is paged by, and what of it is shown. */
const EVENT_SOURCES = {
  attendance: {
    table: 'attendance_punches',
    time: 'punched_at',
    columns: [
      'id',
      'device_id',
      'person_ref',
      'nip',
      'punched_at',
      'direction',
      'verify',
      'received_at',
      'clock_skew_seconds',
    ],
  },
  queue: {
    table: 'queue_events',
    time: 'occurred_at',
    columns: [
      'id',
      'device_id',
      'type',
      'ticket_id',
      'ticket_number',
      'service_code',
      'desk_code',
      'staff_nip',
      'occurred_at',
      'received_at',
      'clock_skew_seconds',
    ],
  },
  presence: {
    table: 'presence_observations',
    time: 'observed_at',
    columns: [
      'id',
      'device_id',
      'desk_code',
      'present',
      'confidence',
      'source',
      'camera',
      'observed_at',
      'received_at',
    ],
  },
} as const satisfies Record<
  z.infer<typeof eventsQuery>['kind'],
  { table: keyof Database; time: string; columns: readonly string[] }
>;

export function kelurahanRoutes(deps: RouteDeps): Router {
  const { ctx, hub } = deps;
  const router = Router();
  router.use(requireRole(...WATCHERS));

  router.get('/', (req, res) => {
    const scope = officeScope(principalOf(req));
    res.json({ serverNow: ctx.clock.now(), items: hub.summaries((s) => officeInScope(scope, s)) });
  });

  router.get('/:code', (req: Request<{ code: string }>, res) => {
    const k = scopedKelurahan(deps, principalOf(req), req.params.code);
    res.json({ serverNow: ctx.clock.now(), detail: hub.detail(k.code) });
  });

  router.get('/:code/events', async (req: Request<{ code: string }>, res) => {
    const k = scopedKelurahan(deps, principalOf(req), req.params.code);
    const q = parseOr400(eventsQuery, req.query, 'query');
    const from = q.from ? new Date(q.from) : new Date(ctx.clock.now() - 86_400_000);
    const to = q.to ? new Date(q.to) : new Date(ctx.clock.now() + 60_000);
    const after = q.after ?? 0;
    const source = EVENT_SOURCES[q.kind];
    const time = sql.ref(source.time);
    const { rows: items } = await sql<{ id: number }>`
      select ${sql.join(source.columns.map((c) => sql.ref(c)))} from ${sql.table(source.table)}
      where kelurahan_code = ${k.code} and ${time} >= ${from} and ${time} < ${to} and id > ${after}
      order by id limit ${q.limit}`.execute(ctx.db);
    const last = items[items.length - 1];
    res.json({ items, next: items.length === q.limit && last ? last.id : null });
  });

  return router;
}

/** Public reference data: the registry, office layout and boundaries (no personal data). */
export function registryRoutes({ ctx }: RouteDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300');
    res.json({
      kecamatan: ctx.policy.kecamatan,
      kelurahan: ctx.policy.kelurahan,
      services: ctx.policy.offices.services,
      zone: ctx.policy.workHours.zone,
      clockSpeed: ctx.clock.speed,
      map: ctx.policy.map,
    });
  });
  router.get('/boundaries', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600');
    res.json(ctx.policy.boundaries);
  });
  router.get('/holidays', (_req, res) => {
    const { source, years } = ctx.policy.holidays;
    const covered = Object.keys(years).sort();
    res.set('Cache-Control', 'public, max-age=300');
    res.json({
      source,
      years: covered,
      items: covered.flatMap((y) => [...years[y]!].sort((a, b) => a.date.localeCompare(b.date))),
    });
  });
  return router;
}
