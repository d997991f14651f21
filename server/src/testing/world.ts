import { randomUUID } from 'node:crypto';
import { loginAs, registerDevice, type testApi } from './context.ts';

/**
 * A small city for scope tests: two kecamatan (A and B), one account per role, officers and devices
 * in kelurahan of both. Built once per test file (argon2 hashing is deliberately slow).
 */
export const A = '16.71.01';
export const B = '16.71.02';
/** Two kelurahan of A and one of B. */
export const KA = '16.71.01.1001';
export const KA2 = '16.71.01.1002';
export const KB = '16.71.02.1002';
export const NIP = { a: '198001012005011001', a2: '198102022006022002', b: '198203032007031003' } as const;

/** One officer in each of the three kelurahan the scope tests look at. */
export const OFFICERS = [
  {
    nip: NIP.a,
    name: 'Siti Aminah',
    kelurahanCode: KA,
    position: 'Pelaksana',
    desk: 'loket-1',
    pin: '1',
  },
  {
    nip: NIP.a2,
    name: 'Rudi Hartono',
    kelurahanCode: KA2,
    position: 'Pelaksana',
    desk: 'loket-1',
    pin: '1',
  },
  {
    nip: NIP.b,
    name: 'Dewi Lestari',
    kelurahanCode: KB,
    position: 'Pelaksana',
    desk: 'loket-1',
    pin: '1',
  },
];

export type Who = 'walikota' | 'operator' | 'admin' | 'camat' | 'lurah' | 'asn' | 'verifikator' | 'hr';
export const everyone: Who[] = [
  'walikota',
  'operator',
  'admin',
  'camat',
  'lurah',
  'asn',
  'verifikator',
  'hr',
];
type Channel = 'attendance' | 'queue' | 'presence';

export type TestApi = Awaited<ReturnType<typeof testApi>>;
export interface Reply {
  status: number;
  body: unknown;
}

export interface World {
  t: TestApi;
  /** Session cookies of the users, the Bearer token of the HR machine client. */
  secrets: Record<Who, string>;
  /** Device keys by kelurahan and channel. */
  keys: Record<string, Record<Channel, string>>;
  deviceIds: Record<string, number[]>;
  headers(who: Who | null): Record<string, string>;
  call(who: Who | null, method: string, path: string, body?: unknown): Promise<Reply>;
  ingest(kelurahan: string, channel: Channel, items: unknown[]): Promise<Reply>;
}

const ITEMS_KEY: Record<Channel, string> = {
  attendance: 'punches',
  queue: 'events',
  presence: 'observations',
};

export async function call(
  url: string,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

export async function createWorld(t: TestApi, opts: { kelurahan?: string[] } = {}): Promise<World> {
  const secrets = {} as Record<Who, string>;
  const [walikota, operator, admin, camat, lurah, asn, verifikator] = await Promise.all([
    loginAs(t, { username: 'walikota1', role: 'walikota' }),
    loginAs(t, { username: 'operator1', role: 'operator' }),
    loginAs(t, { username: 'admin1', role: 'admin' }),
    loginAs(t, { username: 'camat-a', role: 'camat', kecamatanCode: A }),
    loginAs(t, { username: 'lurah-a', role: 'lurah', kecamatanCode: A, kelurahanCode: KA }),
    loginAs(t, { username: 'asn-a', role: 'asn', nip: NIP.a }),
    loginAs(t, { username: 'verifikator1', role: 'verifikator' }),
  ]);
  Object.assign(secrets, { walikota, operator, admin, camat, lurah, asn, verifikator });
  const headers = (who: Who | null): Record<string, string> => {
    if (!who) return {};
    return who === 'hr' ? { authorization: `Bearer ${secrets.hr}` } : { cookie: secrets[who] };
  };
  const token = await call(t.url, headers('admin'), 'POST', '/api/v1/tokens', { name: 'bkpsdm', role: 'hr' });
  if (token.status !== 201) throw new Error(`token: ${token.status} ${JSON.stringify(token.body)}`);
  secrets.hr = (token.body as { token: string }).token;

  const officers = await call(t.url, headers('admin'), 'PUT', '/api/v1/officers', { officers: OFFICERS });
  if (officers.status !== 200)
    throw new Error(`officers: ${officers.status} ${JSON.stringify(officers.body)}`);

  const keys: World['keys'] = {};
  const deviceIds: World['deviceIds'] = {};
  for (const k of opts.kelurahan ?? [KA, KB]) {
    const reg = async (kind: Channel) => {
      const d = await registerDevice(t, secrets.admin, { kelurahanCode: k, kind, name: `${kind}-${k}` });
      (deviceIds[k] ??= []).push(d.id);
      return d.key!;
    };
    keys[k] = {
      attendance: await reg('attendance'),
      queue: await reg('queue'),
      presence: await reg('presence'),
    };
  }

  return {
    t,
    secrets,
    keys,
    deviceIds,
    headers,
    call: (who, method, path, body) => call(t.url, headers(who), method, path, body),
    ingest: (kelurahan, channel, items) =>
      call(
        t.url,
        { authorization: `Bearer ${keys[kelurahan]![channel]}` },
        'POST',
        `/api/v1/ingest/${channel}`,
        { kelurahan, [ITEMS_KEY[channel]]: items },
      ),
  };
}

/** One real event of each kind in an office, a minute ago. */
export async function seedEvents(w: World, kelurahan: string, nip: string): Promise<void> {
  const time = new Date(w.t.ctx.clock.now() - 60_000).toISOString();
  const replies = await Promise.all([
    w.ingest(kelurahan, 'attendance', [{ nip, time }]),
    w.ingest(kelurahan, 'queue', [
      {
        type: 'ticket.issued',
        ticketId: `seed-${kelurahan}`,
        ticketNumber: 'A001',
        service: 'domisili',
        time,
      },
    ]),
    w.ingest(kelurahan, 'presence', [{ desk: 'loket-1', present: true, confidence: 0.9, time }]),
  ]);
  for (const r of replies)
    if (r.status !== 200 || (r.body as { accepted: number }).accepted !== 1)
      throw new Error(`seed ${kelurahan}: ${JSON.stringify(r)}`);
}

/** A finding stored as a detection pass would (open; about a person when `nip` is given, pending). */
export async function insertFinding(
  t: TestApi,
  f: { kelurahan: string; nip: string | null; kind: string; date?: string },
): Promise<{ id: number; kelurahan: string; nip: string | null }> {
  const now = new Date(t.ctx.clock.now());
  const { kelurahan, nip, kind } = f;
  const kecamatan = t.ctx.registry.get(kelurahan)!.kecamatanCode;
  const row = await t.ctx.db
    .insertInto('findings')
    .values({
      kind,
      nature: nip ? 'occurrence' : 'condition',
      fingerprint: `fp-${randomUUID()}`,
      kelurahan_code: kelurahan,
      kecamatan_code: kecamatan,
      nip,
      date: f.date ?? '2026-11-23',
      subject: JSON.stringify({ kelurahan, kecamatan, ...(nip ? { nip } : {}) }),
      labels: JSON.stringify({ alertname: kind, kelurahan, kecamatan, severity: 'warning' }),
      from_at: now,
      to_at: null,
      severity: 'warning',
      confidence: 1,
      state: 'open',
      standing: nip ? 'pending' : null,
      appeal_ends_at: nip ? new Date(now.getTime() + 3 * 86_400_000) : null,
      evidence: JSON.stringify({ events: [], metrics: {}, signals: [] }),
      digest: 'd',
      opened_at: now,
      updated_at: now,
      resolved_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, kelurahan, nip };
}
