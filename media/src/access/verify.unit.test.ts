import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ApiError, type Clock } from '@pkk/core';
import { verifyPlayToken } from './verify.ts';

const KEY = 'unit-signing-key-0123456789abcdef0123456789';
const NOW = Date.parse('2026-11-23T03:00:00Z');
const at = (ms: number): Clock => ({ now: () => ms, speed: 1 });
const deps = { signingKey: new TextEncoder().encode(KEY), nodeId: 'media-1', clock: at(NOW) };
const claims = {
  jti: '5b0c7a4e-3a0b-4c8e-9a51-0b6a4b1e2f3d',
  sub: '7',
  cam: '11111111-1111-4111-8111-111111111111',
  stream: 'sub',
  node: 'media-1',
  sid: 'a-sign-in-reference-000',
  iat: NOW / 1000 - 10,
  exp: NOW / 1000 + 110,
};
const sign = (c: Record<string, unknown>, key = KEY, alg = 'HS256') =>
  new SignJWT(c).setProtectedHeader({ alg }).sign(new TextEncoder().encode(key));

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return { status: (err as ApiError).status, code: (err as ApiError).code };
}

describe('verifyPlayToken', () => {
  it('returns the claims of a good token', async () => {
    expect(await verifyPlayToken(await sign(claims), deps)).toEqual(claims);
  });
  it('refuses an expired token (401 token_expired) by the injected clock, not the machine', async () => {
    const token = await sign(claims);
    expect(await refusal(verifyPlayToken(token, { ...deps, clock: at(NOW + 121_000) }))).toEqual({
      status: 401,
      code: 'token_expired',
    });
    expect(
      await verifyPlayToken(token, { ...deps, clock: at(NOW + 121_000) }, { acceptExpired: true }),
    ).toEqual(claims);
  });
  it('refuses tampered, foreign-key, alg-none and malformed tokens (401 token_invalid)', async () => {
    const token = await sign(claims);
    const [h, p, s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, cam: '22222222-2222-4222-8222-222222222222' })).toString('base64url')}.${s}`;
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    for (const t of [
      forged,
      none,
      await sign(claims, 'another-key-0123456789abcdef0123456789ab'),
      'garbage',
      `${h}.${p}`,
    ]) {
      expect(await refusal(verifyPlayToken(t, deps))).toEqual({ status: 401, code: 'token_invalid' });
    }
  });
  it('refuses claims that do not match the schema (401) and a token for another node (403)', async () => {
    expect(await refusal(verifyPlayToken(await sign({ ...claims, stream: 'hd' }), deps))).toEqual({
      status: 401,
      code: 'token_invalid',
    });
    expect(await refusal(verifyPlayToken(await sign({ ...claims, node: 'media-2' }), deps))).toEqual({
      status: 403,
      code: 'wrong_node',
    });
  });
});
