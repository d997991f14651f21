import { randomBytes } from 'node:crypto';
import type { Context } from '@pkk/platform/context';
import type { Env } from '@pkk/platform/config/env';
import { hashPassword } from '@pkk/platform/auth/secrets';
import { testContext, type TestContextOptions } from '@pkk/platform/testing/context';
import { startApi, type RunningApi } from '../api/start.ts';
import { driftOf, recordResponses, type RecordedResponse } from './openapi-check.ts';
import { confirmFirstContact } from '../ingest/adms/testing/confirm.ts';
import { FakeTerminal } from '../ingest/adms/testing/terminal.ts';

export { TEST_DAY_START, testContext, type TestContextOptions } from '@pkk/platform/testing/context';

/**
 * A running api (HTTP and socket.io on a free port) over a test context. Every reply it gives is
 * recorded and, on dispose, checked against the OpenAPI document: a test file whose requests get a
 * reply the document does not describe (an undocumented route or status, a body of another shape)
 * fails in its afterAll, naming each.
 */
export async function testApi(
  overrides: Partial<Record<keyof Env, string>> = {},
  opts: TestContextOptions = {},
): Promise<{
  ctx: Context;
  schema: string;
  api: RunningApi;
  url: string;
  /** The api's metrics listener (`…/metrics`). */
  metricsUrl: string;
  responses: RecordedResponse[];
  dispose(): Promise<void>;
}> {
  const ctx = await testContext(overrides, opts);
  const api = await startApi(ctx, { port: 0, host: '127.0.0.1' });
  const responses = recordResponses(api.server);
  return {
    ctx,
    schema: ctx.schema,
    api,
    url: api.url,
    metricsUrl: api.metricsUrl,
    responses,
    async dispose() {
      await api.close();
      await ctx.dispose();
      const drift = driftOf(responses);
      if (drift.length)
        throw new Error(
          `replies not described by the OpenAPI document (server/src/openapi/document.ts):\n${drift.join('\n')}`,
        );
    },
  };
}

/** Creates a user directly and returns a session cookie for it. */
export async function loginAs(
  t: { ctx: Context; url: string },
  user: {
    username: string;
    role: string;
    kecamatanCode?: string | null;
    kelurahanCode?: string | null;
    nip?: string | null;
  },
): Promise<string> {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  await t.ctx.db
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.username,
      password_hash: await hashPassword(password),
      role: user.role,
      kecamatan_code: user.kecamatanCode ?? null,
      kelurahan_code: user.kelurahanCode ?? null,
      nip: user.nip ?? null,
    })
    .execute();
  const res = await fetch(`${t.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/**
 * Registers a device through the API as an admin would, returning its id and, for a JSON device, its
 * key. An ADMS terminal is brought into service too: its first contact made and confirmed.
 */
export async function registerDevice(
  t: { ctx: Context; url: string },
  adminCookie: string,
  device: {
    kelurahanCode: string;
    kind: 'attendance' | 'queue' | 'presence';
    name: string;
    protocol?: 'json' | 'adms';
    serial?: string;
  },
): Promise<{ id: number; key: string | null }> {
  const res = await fetch(`${t.url}/api/v1/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: adminCookie },
    body: JSON.stringify(device),
  });
  if (res.status !== 201) throw new Error(`device registration failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { device: { id: number }; key: string | null };
  if (device.protocol === 'adms')
    await confirmFirstContact(t.url, adminCookie, body.device.id, new FakeTerminal(t.url, device.serial!));
  return { id: body.device.id, key: body.key };
}
