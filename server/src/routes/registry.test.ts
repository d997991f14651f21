import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holidaysResponse, workingDay } from '@pkk/core';
import { testApi } from '../testing/context.ts';

/** The holiday calendar the working days are computed from, as the calendar screen reads it. */
let t: Awaited<ReturnType<typeof testApi>>;

beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t?.dispose());

describe('GET /api/v1/registry/holidays', () => {
  it('lists every configured holiday in date order, with its decree, without signing in', async () => {
    const res = await fetch(`${t.url}/api/v1/registry/holidays`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = holidaysResponse.parse(await res.json());
    expect(body.source).toBe(t.ctx.policy.holidays.source);
    expect(body.years).toEqual(Object.keys(t.ctx.policy.holidays.years).sort());
    const dates = body.items.map((h) => h.date);
    expect(dates).toEqual([...dates].sort());
    expect(body.items).toContainEqual({
      date: '2026-08-17',
      name: 'Hari Kemerdekaan Republik Indonesia',
      kind: 'libur_nasional',
    });
    // The same list the detectors' working-day calendar reads: each listed day is a day off.
    for (const h of body.items)
      expect(workingDay(h.date, t.ctx.policy.workHours, t.ctx.policy.holidays).kind).toBe(h.kind);
  });
});
