import { mulberry32, type Registry } from '@pkk/core';
import { confirmFirstContact } from '@pkk/server/ingest/adms/testing/confirm';
import { FakeTerminal } from '@pkk/server/ingest/adms/testing/terminal';

/**
 * Puts a believable office day on a running api through its public doors: devices registered by an
 * admin, officers, attendance punches and queue events posted with each device's own key (as real
 * terminals and kiosks do). Seeded, so every run draws the same city.
 */

export type Profile = 'normal' | 'attention' | 'breach' | 'staff_low' | 'offline' | 'quiet';

export interface OfficeKeys {
  queue: string;
  attendance: string;
}

const NAMES = [
  'Siti Aminah',
  'Ahmad Fauzi',
  'Dewi Lestari',
  'Rudi Hartono',
  'Nurul Hidayah',
  'Hendra Saputra',
  'Rina Marlina',
  'Agus Salim',
  'Yuliana Putri',
  'Bambang Sutrisno',
  'Fitri Handayani',
  'M. Ridwan',
  'Sri Wahyuni',
  'Dedi Kurniawan',
  'Lina Marlini',
  'Joko Susilo',
];
const POSITIONS = [
  'Kepala Seksi Pelayanan',
  'Pengadministrasi Umum',
  'Pengelola Layanan Kependudukan',
  'Sekretaris Kelurahan',
];

/** A small deterministic generator: core's mulberry32, so the seeded city is the same everywhere. */
export const rng = mulberry32;

async function call(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** Signs in through the API and returns the session cookie. */
export async function signIn(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/**
 * Registers one device as an admin does, returning its id and, for a JSON device, its key; an ADMS
 * terminal makes its first contact and is confirmed.
 */
export async function registerDevice(
  url: string,
  adminCookie: string,
  device: {
    kelurahanCode: string;
    kind: 'queue' | 'attendance';
    name: string;
    protocol?: 'json' | 'adms';
    serial?: string;
  },
): Promise<{ id: number; key: string | null }> {
  const r = (await call(url, 'POST', '/api/v1/devices', { cookie: adminCookie }, device)) as {
    device: { id: number };
    key: string | null;
  };
  // A terminal is in service once its first contact is confirmed (issue 18): make it and confirm it.
  if (device.protocol === 'adms')
    await confirmFirstContact(url, adminCookie, r.device.id, new FakeTerminal(url, device.serial!));
  return { id: r.device.id, key: r.key };
}

export async function registerDevices(
  url: string,
  adminCookie: string,
  codes: string[],
): Promise<Map<string, OfficeKeys>> {
  const out = new Map<string, OfficeKeys>();
  const reg = async (code: string, kind: 'queue' | 'attendance') =>
    (
      await registerDevice(url, adminCookie, {
        kelurahanCode: code,
        kind,
        name: `${kind === 'queue' ? 'Kios antrean' : 'Mesin presensi'} ${code.slice(-4)}`,
      })
    ).key!;
  for (let i = 0; i < codes.length; i += 8) {
    await Promise.all(
      codes.slice(i, i + 8).map(async (code) => {
        out.set(code, { queue: await reg(code, 'queue'), attendance: await reg(code, 'attendance') });
      }),
    );
  }
  return out;
}

export async function postQueue(
  url: string,
  key: string,
  kelurahan: string,
  events: unknown[],
): Promise<{ accepted: number; rejected: unknown[] }> {
  return (await call(
    url,
    'POST',
    '/api/v1/ingest/queue',
    { authorization: `Bearer ${key}` },
    { kelurahan, events },
  )) as { accepted: number; rejected: unknown[] };
}

export async function postPunches(
  url: string,
  key: string,
  kelurahan: string,
  punches: unknown[],
): Promise<void> {
  await call(
    url,
    'POST',
    '/api/v1/ingest/attendance',
    { authorization: `Bearer ${key}` },
    { kelurahan, punches },
  );
}

const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

export function nipOf(officeIndex: number, j: number): string {
  return `1985${String(officeIndex).padStart(3, '0')}${String(j).padStart(2, '0')}200501100`;
}

/** The profile an office gets in the seeded city: mostly normal, a few in trouble. */
export function profileOf(r: number): Profile {
  if (r < 0.6) return 'normal';
  if (r < 0.72) return 'attention';
  if (r < 0.8) return 'staff_low';
  if (r < 0.88) return 'breach';
  if (r < 0.93) return 'offline';
  return 'quiet';
}

/**
 * Officers, punches and a morning of queue events for each office, ending at the server's `now`.
 * Returns the profile drawn for each office.
 */
export async function seedOffices(opts: {
  url: string;
  adminCookie: string;
  registry: Registry;
  keys: Map<string, OfficeKeys>;
  now: number;
  dayStart: number;
  seed?: number;
  profiles?: Map<string, Profile>;
}): Promise<Map<string, Profile>> {
  const { url, registry, keys, now, dayStart } = opts;
  const rand = rng(opts.seed ?? 20261123);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const codes = [...keys.keys()];
  const allCodes = registry.policy.kelurahan.map((k) => k.code);
  const profiles = new Map<string, Profile>();
  const officers: unknown[] = [];
  const plans: { code: string; staff: { nip: string; desk: string | null }[]; profile: Profile }[] = [];

  for (const code of codes) {
    const idx = allCodes.indexOf(code);
    const profile = opts.profiles?.get(code) ?? profileOf(rand());
    profiles.set(code, profile);
    const desks = registry.desksOf(code);
    const staff = [...desks.map((d) => d.code), null].map((desk, j) => ({ nip: nipOf(idx, j), desk }));
    staff.forEach((s, j) =>
      officers.push({
        nip: s.nip,
        name: pick(NAMES),
        kelurahanCode: code,
        position: s.desk ? POSITIONS[j % 3]! : POSITIONS[3]!,
        desk: s.desk,
        pin: String(100 + j),
      }),
    );
    plans.push({ code, staff, profile });
  }
  for (let i = 0; i < officers.length; i += 1000)
    await call(
      url,
      'PUT',
      '/api/v1/officers',
      { cookie: opts.adminCookie },
      { officers: officers.slice(i, i + 1000) },
    );

  const open = Math.max(dayStart, now - 4 * 60 * MIN);
  await Promise.all(
    plans.map(async ({ code, staff, profile }) => {
      const k = keys.get(code)!;
      if (profile === 'offline') return;
      const present = profile === 'staff_low' ? staff.slice(0, 1) : staff.filter(() => rand() > 0.12);
      const punches = present.map((s) => ({
        nip: s.nip,
        time: iso(Math.min(now - MIN, dayStart - 25 * MIN + Math.floor(rand() * 40) * MIN)),
        direction: 'in',
      }));
      if (punches.length) await postPunches(url, k.attendance, code, punches);

      const events: { time: string; at: number; [k: string]: unknown }[] = [];
      const push = (at: number, e: Record<string, unknown>) => events.push({ ...e, time: iso(at), at });
      const openDesks = profile === 'breach' && rand() < 0.5 ? [] : present.filter((s) => s.desk);
      for (const s of openDesks)
        push(Math.min(now - MIN, open + 5 * MIN), { type: 'desk.opened', desk: s.desk, staffNip: s.nip });
      const services = registry.servicesOf(code).map((s) => s.code);
      let n = 0;
      const ticket = () => ({ ticketId: `${code}-${++n}`, ticketNumber: `A${String(n).padStart(3, '0')}` });
      // Served through the morning.
      if (openDesks.length && profile !== 'quiet') {
        const served = 6 + Math.floor(rand() * 18);
        for (let i = 0; i < served; i++) {
          const t = ticket();
          const at = open + 10 * MIN + Math.floor(rand() * Math.max(1, (now - open - 40 * MIN) / MIN)) * MIN;
          const desk = pick(openDesks).desk;
          push(at, { type: 'ticket.issued', ...t, service: pick(services) });
          push(at + (3 + Math.floor(rand() * 10)) * MIN, {
            type: 'ticket.called',
            ticketId: t.ticketId,
            desk,
          });
          push(at + (8 + Math.floor(rand() * 10)) * MIN, {
            type: 'ticket.served',
            ticketId: t.ticketId,
            desk,
          });
        }
      }
      // Waiting now.
      const waitingAges =
        profile === 'normal'
          ? Array.from({ length: Math.floor(rand() * 4) }, () => 1 + Math.floor(rand() * 9))
          : profile === 'attention'
            ? [16 + Math.floor(rand() * 10), 5, 2]
            : profile === 'breach'
              ? [34 + Math.floor(rand() * 30), 20, 8, 3]
              : profile === 'staff_low'
                ? [4, 2]
                : [];
      for (const age of waitingAges)
        push(now - age * MIN, { type: 'ticket.issued', ...ticket(), service: pick(services) });
      events.sort((a, b) => a.at - b.at);
      const ready = events.filter((e) => e.at <= now).map(({ at: _at, ...e }) => e);
      if (ready.length) await postQueue(url, k.queue, code, ready);
    }),
  );
  return profiles;
}

/** Empty batches from every device that should look alive: what a terminal's keep-alive does. */
export async function heartbeat(
  url: string,
  keys: Map<string, OfficeKeys>,
  skip: ReadonlySet<string> = new Set(),
): Promise<void> {
  await Promise.all(
    [...keys]
      .filter(([code]) => !skip.has(code))
      .flatMap(([code, k]) => [postQueue(url, k.queue, code, []), postPunches(url, k.attendance, code, [])]),
  );
}
