import type { Env } from '@pkk/platform/config/env';
import { loginAs, testApi } from '../../../testing/context.ts';
import { confirmFirstContact } from './confirm.ts';
import { FakeTerminal } from './terminal.ts';

/** One api over its own schema, an admin session, and helpers to register terminals and officers. */
export async function admsTestWorld(overrides: Partial<Record<keyof Env, string>> = {}) {
  const t = await testApi(overrides);
  const admin = await loginAs(t, { username: 'admin-adms', role: 'admin' });

  async function api(method: string, path: string, body?: unknown, cookie = admin) {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  }

  /**
   * Registers an ADMS terminal through the API and returns its id and a stand-in that speaks for it.
   * Unless `confirm` is false, its first contact (a handshake from `contactFrom`, the test's own
   * loopback address by default) is confirmed as an operator would, so it is in service.
   */
  async function terminal(
    serial: string,
    opts: {
      kelurahanCode: string;
      tzOffsetMinutes?: number;
      protocol?: 'adms' | 'json';
      allowedNetworks?: string[];
      confirm?: boolean;
      contactFrom?: string;
    },
  ) {
    const res = await api('POST', '/api/v1/devices', {
      kelurahanCode: opts.kelurahanCode,
      kind: 'attendance',
      name: `terminal ${serial}`,
      protocol: opts.protocol ?? 'adms',
      serial,
      ...(opts.tzOffsetMinutes === undefined ? {} : { tzOffsetMinutes: opts.tzOffsetMinutes }),
      ...(opts.allowedNetworks === undefined ? {} : { allowedNetworks: opts.allowedNetworks }),
    });
    if (res.status !== 201)
      throw new Error(`registering ${serial}: ${res.status} ${JSON.stringify(res.body)}`);
    const id = (res.body.device as { id: number }).id;
    const fake = new FakeTerminal(t.url, serial);
    if (opts.confirm !== false && (opts.protocol ?? 'adms') === 'adms')
      await confirmFirstContact(t.url, admin, id, opts.contactFrom ? fake.from(opts.contactFrom) : fake);
    return { id, fake };
  }

  async function officers(list: { nip: string; kelurahanCode: string; pin: string; name?: string }[]) {
    const res = await api('PUT', '/api/v1/officers', {
      officers: list.map((o) => ({
        nip: o.nip,
        name: o.name ?? `Officer ${o.pin}`,
        kelurahanCode: o.kelurahanCode,
        position: 'Pelaksana',
        desk: null,
        pin: o.pin,
      })),
    });
    if (res.status >= 300) throw new Error(`officers: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** What a terminal's requests left: its raw deliveries, oldest first, and its stored punches. */
  const rawsOf = (deviceId: number) =>
    t.ctx.db.selectFrom('raw_payloads').selectAll().where('device_id', '=', deviceId).orderBy('id').execute();
  const punchCount = async (deviceId: number) =>
    Number(
      (
        await t.ctx.db
          .selectFrom('attendance_punches')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('device_id', '=', deviceId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  return { t, admin, api, terminal, officers, rawsOf, punchCount, dispose: () => t.dispose() };
}
export type AdmsTestWorld = Awaited<ReturnType<typeof admsTestWorld>>;
