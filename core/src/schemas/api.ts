import { z } from 'zod';
import { deviceCommand } from '../adms/commands.ts';
import {
  boundaryFile,
  holidaysFile,
  kecamatanFile,
  kecamatanCode,
  kelurahanCode,
  kelurahanFile,
  mapFile,
  serviceDef,
} from '../config/schema.ts';
import { role } from '../auth/roles.ts';
import { deviceKind, kelurahanDetail, kelurahanSummary, leaveKind } from './live.ts';
import { nip, terminalPin } from './ingest.ts';
import { text } from './text.ts';

/** Bodies and replies of the REST API that are not ingest. */

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const loginRequest = z.object({
  username: text(1, 64),
  password: text(1, 256),
});

export const me = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role,
  kecamatanCode: kecamatanCode.nullable(),
  kelurahanCode: kelurahanCode.nullable(),
  nip: z.string().nullable(),
});
export type Me = z.infer<typeof me>;

export const createUserRequest = z.object({
  username: z.string().regex(/^[a-z0-9._-]{3,64}$/, 'expected 3-64 lower-case letters, digits, . _ or -'),
  displayName: text(1, 120),
  password: text(10, 256),
  role,
  kecamatanCode: kecamatanCode.nullable().default(null),
  kelurahanCode: kelurahanCode.nullable().default(null),
  nip: nip.nullable().default(null),
});

/**
 * What an admin may change on an account. Any change to role, area, password or status ends the
 * account's sessions, so nothing opened under the old rights outlives them.
 */
export const updateUserRequest = z
  .object({
    displayName: text(1, 120),
    password: text(10, 256),
    role,
    kecamatanCode: kecamatanCode.nullable(),
    kelurahanCode: kelurahanCode.nullable(),
    nip: nip.nullable(),
    active: z.boolean(),
  })
  .partial()
  .strict()
  .refine((u) => Object.keys(u).length > 0, { message: 'name at least one field to change' });
export type UpdateUserRequest = z.infer<typeof updateUserRequest>;

export const createTokenRequest = z.object({
  name: text(1, 120),
  role,
  kecamatanCode: kecamatanCode.nullable().default(null),
  kelurahanCode: kelurahanCode.nullable().default(null),
});

export const officer = z.object({
  nip,
  name: text(1, 120),
  kelurahanCode,
  position: text(1, 120),
  desk: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/)
    .nullable()
    .default(null),
  /** The user id this officer is enrolled under on the office's attendance terminal. */
  pin: terminalPin,
  active: z.boolean().default(true),
});
export type Officer = z.infer<typeof officer>;
export const officerUpsertRequest = z.object({ officers: z.array(officer).min(1).max(2000) });

export const leaveRecord = z
  .object({
    nip,
    kind: leaveKind,
    startDate: z.iso.date(),
    endDate: z.iso.date(),
    note: text(0, 500).default(''),
  })
  .refine((l) => l.endDate >= l.startDate, { path: ['endDate'], message: 'must not be before startDate' });
export type LeaveRecord = z.infer<typeof leaveRecord>;

/**
 * The source networks a device may report from, as CIDR (`10.8.0.0/24`, `fd00::/64`); an empty list
 * allows any address. Requests from elsewhere get the reply of an unknown device.
 */
export const allowedNetworks = z
  .array(
    z.union([z.cidrv4(), z.cidrv6()], {
      message: 'expected an IPv4 or IPv6 network in CIDR form, e.g. 10.8.0.0/24',
    }),
  )
  .max(32);
export const deviceNetworksRequest = z.object({ allowedNetworks });

export const deviceCreateRequest = z
  .object({
    kelurahanCode,
    kind: deviceKind,
    name: text(1, 120),
    protocol: z.enum(['json', 'adms']).default('json'),
    /** Serial number an ADMS terminal sends as `SN=`. */
    serial: z
      .string()
      .regex(/^[A-Za-z0-9_-]{3,40}$/)
      .optional(),
    /**
     * Minutes east of UTC of the terminal's wall clock (ADMS punches carry no zone). When absent, the
     * server uses `devices.admsTimeZoneHours` of the thresholds config.
     */
    tzOffsetMinutes: z.number().int().min(-720).max(840).optional(),
    allowedNetworks: allowedNetworks.optional(),
  })
  .refine((d) => d.protocol !== 'adms' || d.serial, {
    path: ['serial'],
    message: 'an ADMS terminal needs its serial',
  })
  .refine((d) => d.protocol !== 'adms' || d.kind === 'attendance', {
    path: ['kind'],
    message: 'ADMS terminals are attendance devices',
  });

/** What reached /iclock with an unconfirmed terminal's serial from one source address. */
export const deviceContact = z.object({
  sourceAddress: z.string(),
  /** SHA-256 (hex) of the pushcommkey last sent from there; null: none sent. */
  pushCommKeyDigest: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** Requests made from there (with this key) so far. */
  attempts: z.number().int(),
});
export type DeviceContact = z.infer<typeof deviceContact>;

export const device = z.object({
  id: z.number().int(),
  kelurahanCode,
  kind: deviceKind,
  name: z.string(),
  protocol: z.enum(['json', 'adms']),
  serial: z.string().nullable(),
  tzOffsetMinutes: z.number().int(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  allowedNetworks: z.array(z.string()),
  /** The address the device last reported from. */
  lastSourceAddress: z.string().nullable(),
  /** When an ADMS terminal's `pushcommkey` was pinned; null while none is. */
  pushCommKeyPinnedAt: z.string().nullable(),
  /**
   * An ADMS terminal whose first contact no operator has confirmed yet: nothing it sends is stored
   * (its punches wait on the terminal). Always false for a JSON device (its key is its proof).
   */
  awaitingConfirmation: z.boolean(),
  /** When, by whom and for which source address an operator confirmed the terminal. */
  confirmedAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAddress: z.string().nullable(),
  /** While it awaits confirmation: who reached /iclock with its serial, most recent first. */
  contacts: z.array(deviceContact),
});
export type Device = z.infer<typeof device>;

/**
 * Confirms an ADMS terminal's first contact exactly as listed: the source address and the
 * pushcommkey digest shown (null when it sent none). If the contact from that address shows another
 * key by now, nothing is confirmed (409): list the device again and look.
 */
export const deviceConfirmRequest = z.object({
  sourceAddress: z.union([z.ipv4(), z.ipv6()], { message: 'expected the IPv4 or IPv6 address listed' }),
  pushCommKeyDigest: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'expected the 64 hex digits listed, or null')
    .nullable(),
});

/** A job that failed all its attempts, as admins see it (GET /api/v1/jobs/failed). */
export const failedJob = z.object({
  queue: z.string(),
  id: z.string(),
  name: z.string(),
  data: z.unknown(),
  attemptsMade: z.number().int(),
  failedReason: z.string(),
  failedAt: z.number().int().nullable(),
});
export const failedJobsResponse = z.object({ items: z.array(failedJob), total: z.number().int() });
export type FailedJob = z.infer<typeof failedJob>;

/*
 * Replies. The OpenAPI document (server/src/openapi/document.ts) is built from these, and the api's
 * integration tests check every reply they get against it, so the routes cannot drift from them.
 */

/** Public reference data (GET /api/v1/registry). */
export const registryResponse = z.object({
  kecamatan: kecamatanFile,
  kelurahan: kelurahanFile,
  services: z.array(serviceDef),
  /** IANA zone of the city's office hours. */
  zone: z.string(),
  /** How fast the server's clock runs (1 in production; more in a demo). */
  clockSpeed: z.number(),
  map: mapFile,
});
export const boundariesResponse = boundaryFile;

/** One holiday of config/holidays.yaml: offices are closed that day, so nothing is detected. */
export const holiday = holidaysFile.shape.years.valueType.element;
export type Holiday = z.infer<typeof holiday>;
/**
 * The holidays the product uses (GET /api/v1/registry/holidays, public): every configured year, in
 * date order, with the decree they come from and the years covered (an uncovered year has none).
 */
export const holidaysResponse = z.object({
  source: z.string(),
  years: z.array(z.string()),
  items: z.array(holiday),
});
export type HolidaysResponse = z.infer<typeof holidaysResponse>;

export const kelurahanListResponse = z.object({
  serverNow: z.number().int(),
  items: z.array(kelurahanSummary),
});
export const kelurahanDetailResponse = z.object({ serverNow: z.number().int(), detail: kelurahanDetail });

/** One stored event of an office; its columns depend on the kind asked for (snake_case, as stored). */
export const storedEvent = z.looseObject({
  id: z.number().int(),
  device_id: z.number().int().nullable(),
  received_at: z.string(),
});
export const eventsPage = z.object({
  items: z.array(storedEvent),
  /** Pass as `after` for the next page; null on the last. */
  next: z.number().int().nullable(),
});

export const officerView = z.object({
  nip: z.string(),
  name: z.string(),
  kelurahanCode,
  position: z.string(),
  desk: z.string().nullable(),
  pin: z.string(),
  active: z.boolean(),
});
export const officersResponse = z.object({ items: z.array(officerView) });
export const officersUpserted = z.object({ upserted: z.number().int() });

export const leaveView = z.object({
  id: z.number().int(),
  nip: z.string(),
  kind: leaveKind,
  startDate: z.string(),
  endDate: z.string(),
  note: z.string(),
  createdBy: z.string(),
});
export const leaveResponse = z.object({ items: z.array(leaveView) });
export const leaveCreated = z.object({
  id: z.number().int(),
  nip: z.string(),
  kind: leaveKind,
  startDate: z.string(),
  endDate: z.string(),
  note: z.string(),
});

export const devicesResponse = z.object({ items: z.array(device) });
export const deviceCreated = z.object({ device, key: z.string().nullable() });
export const deviceKeyed = z.object({ device, key: z.string() });
export const deviceRevoked = z.object({ device });
export const deviceCommandQueued = z.object({ command: deviceCommand });
export const deviceCommandsResponse = z.object({ items: z.array(deviceCommand) });

export const userView = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role,
  kecamatanCode: kecamatanCode.nullable(),
  kelurahanCode: kelurahanCode.nullable(),
  nip: z.string().nullable(),
  active: z.boolean(),
});
export const usersResponse = z.object({ items: z.array(userView) });
export const userCreated = z.object({ id: z.number().int(), username: z.string(), role });
export const userUpdated = userView.extend({ sessionsEnded: z.number().int() });

export const apiTokenView = z.object({
  id: z.number().int(),
  name: z.string(),
  role,
  kecamatanCode: kecamatanCode.nullable(),
  kelurahanCode: kelurahanCode.nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const apiTokensResponse = z.object({ items: z.array(apiTokenView) });
/** The secret is in this reply only; the server keeps a digest. */
export const apiTokenCreated = z.object({ id: z.number().int(), name: z.string(), role, token: z.string() });

export const jobRetried = z.object({ queue: z.string(), id: z.string(), state: z.literal('waiting') });

export const healthResponse = z.object({ status: z.literal('ok') });
export const readinessResponse = z.object({
  status: z.enum(['ready', 'not_ready']),
  /** `ok`, or what is wrong, per dependency. */
  checks: z.record(z.string(), z.string()),
});
