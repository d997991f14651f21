/**
 * What the bench needs on the api before it measures, through the api's own doors: an admin, a JSON
 * attendance device and queue kiosk per office (and an ADMS terminal for the first few), 20 officers
 * per office, and a city-wide API token for the socket.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Registry } from '@pkk/core';
import { hashPassword } from '@pkk/platform/auth/secrets';
import { registerDevice, registerDevices, signIn } from '../../../e2e/support/seed.ts';
import type { Stack } from './services.ts';
import { nipOf, OFFICERS_PER_OFFICE, officeLayout, type Office } from './workload.ts';

export async function provision(
  stack: Stack,
  db: pg.Pool,
  registry: Registry,
  terminals: number,
): Promise<{ offices: Office[]; token: string }> {
  const password = randomBytes(12).toString('base64url');
  await db.query(
    `insert into users (username, display_name, password_hash, role) values ('bench-admin', 'Bench admin', $1, 'admin')`,
    [await hashPassword(password)],
  );
  const cookie = await signIn(stack.apiUrl, 'bench-admin', password);
  const auth = { cookie };

  const layout = officeLayout(registry);
  const keys = await registerDevices(
    stack.apiUrl,
    cookie,
    layout.map((k) => k.code),
  );
  const offices: Office[] = [];
  for (const [index, k] of layout.entries()) {
    const nips = Array.from({ length: OFFICERS_PER_OFFICE }, (_, o) => nipOf(index, o));
    const terminal = index < terminals ? `BENCH${String(index).padStart(3, '0')}` : null;
    if (terminal)
      await registerDevice(stack.apiUrl, cookie, {
        kelurahanCode: k.code,
        kind: 'attendance',
        name: `Mesin presensi ADMS ${k.code.slice(-4)}`,
        protocol: 'adms',
        serial: terminal,
      });
    offices.push({
      index,
      code: k.code,
      kecamatanCode: k.kecamatanCode,
      keys: keys.get(k.code)!,
      terminal,
      nips,
      deskOfficer: new Map(k.desks.map((d, o) => [d, nips[o]!])),
      pairs: k.pairs,
      punchSeq: 0,
      ticketSeq: 0,
    });
  }
  const officers = offices.flatMap((o) =>
    o.nips.map((nip, n) => ({
      nip,
      name: `Pegawai ${o.index}-${n}`,
      kelurahanCode: o.code,
      position: n === 0 ? 'Lurah' : n < 4 ? 'Petugas Loket' : 'Pelaksana',
      desk: [...o.deskOfficer].find(([, v]) => v === nip)?.[0] ?? null,
      pin: String(n + 1),
    })),
  );
  for (let i = 0; i < officers.length; i += 1000) {
    const r = await stack.http.json(
      'PUT',
      '/api/v1/officers',
      { officers: officers.slice(i, i + 1000) },
      auth,
    );
    if (r.status !== 200) throw new Error(`officers upsert failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const tok = await stack.http.json<{ token: string }>(
    'POST',
    '/api/v1/tokens',
    { name: 'bench-live', role: 'walikota' },
    auth,
  );
  if (tok.status !== 201) throw new Error(`token failed: ${tok.status} ${JSON.stringify(tok.body)}`);
  return { offices, token: tok.body.token };
}
