import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, testApi } from '../testing/context.ts';

/**
 * Silence matchers as the api takes them: regexes compiled by RE2 as Alertmanager's are (a pattern RE2
 * refuses is a 400 naming the matcher), caps on how many and how long, and a camat's area matcher.
 */
let t: Awaited<ReturnType<typeof testApi>>;
let operator: string;
let camat: string;

const create = (cookie: string, matchers: string[]) =>
  fetch(`${t.url}/api/v1/silences`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      matchers,
      endsAt: new Date(t.ctx.clock.now() + 3_600_000).toISOString(),
      comment: 'Pemeliharaan jaringan',
    }),
  });
const refusal = async (res: Response) => {
  expect(res.status).toBe(400);
  const body = (await res.json()) as {
    error: { code: string; details: { field: string; reason: string }[] };
  };
  return body.error.details[0]!;
};

beforeAll(async () => {
  t = await testApi();
  operator = await loginAs(t, { username: 'op-sil', role: 'operator' });
  camat = await loginAs(t, { username: 'camat-sil', role: 'camat', kecamatanCode: '16.71.01' });
});
afterAll(() => t?.dispose());

describe('silence matchers', () => {
  it('refuses a regex RE2 does not take (lookahead, backreference), naming the matcher', async () => {
    expect(
      await refusal(await create(operator, ['severity="warning"', 'alertname=~"(?=late).*"'])),
    ).toMatchObject({
      field: 'matchers.1',
      reason: expect.stringMatching(/bad regular expression "\(\?=late\)\.\*"/),
    });
    expect(await refusal(await create(operator, ['desk=~"(a)\\\\1"']))).toMatchObject({
      field: 'matchers.0',
      reason: expect.stringMatching(/bad regular expression/),
    });
  });

  it('takes a pattern that backtracks badly in JavaScript: RE2 runs it in linear time', async () => {
    const res = await create(camat, ['kecamatan="16.71.01"', 'alertname=~"(x+x+)+y"']);
    expect(res.status).toBe(201);
  });

  it('caps matchers: how many, how long, how large a regex, each with its reason', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `desk="loket-${i}"`);
    expect(await refusal(await create(operator, many))).toMatchObject({
      field: 'matchers',
      reason: 'at most 20 matchers in one silence',
    });
    expect(await refusal(await create(operator, [`desk="${'x'.repeat(300)}"`]))).toMatchObject({
      field: 'matchers.0',
      reason: 'a matcher is at most 300 characters',
    });
    expect(await refusal(await create(operator, ['desk=~"a{1000}"']))).toMatchObject({
      field: 'matchers.0',
      reason: expect.stringMatching(/too large: .* at most 1000/),
    });
  });

  it('still makes a camat include their own area', async () => {
    expect((await create(camat, ['alertname=~"late_.*"'])).status).toBe(403);
  });
});
