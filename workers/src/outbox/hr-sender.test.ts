import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { FindingChange } from '@pkk/core';
import { testContext, TEST_DAY_START } from '@pkk/platform/testing/context';
import { recordFindingChanges } from '@pkk/platform/findings/record';
import { HrWebhookSender } from './hr-sender.ts';

/**
 * HR webhooks, scaled 100x: backoff from 20 ms instead of 2 s, the receiver down 6 s instead of ten
 * minutes. Every signal arrives at least once, signed in the Standard Webhooks form; a receiver that
 * never recovers leaves the messages dead-lettered.
 */
const secret = `whsec_${randomBytes(24).toString('base64')}`;
let receiver: Server;
let down = true;
const got = new Map<string, number>();
let badSignatures = 0;

beforeAll(async () => {
  const wh = new Webhook(secret);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (down) return void res.writeHead(503).end();
      try {
        wh.verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>);
        const id = req.headers['webhook-id'] as string;
        got.set(id, (got.get(id) ?? 0) + 1);
        res.writeHead(204).end();
      } catch {
        badSignatures++;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
});
afterAll(async () => new Promise<void>((r) => receiver.close(() => r())));

function stood(id: number): FindingChange {
  return {
    action: 'stood',
    finding: {
      id,
      kind: 'late_arrival',
      nature: 'occurrence',
      fingerprint: `fp-${id}`,
      labels: {},
      subject: { kelurahan: '16.71.01.1001', kecamatan: '16.71.01', nip: `1987010120100110${id % 100}` },
      date: '2026-11-23',
      from: TEST_DAY_START,
      to: null,
      severity: 'warning',
      confidence: 1,
      state: 'open',
      standing: 'standing',
      evidence: { events: [], metrics: {} },
      openedAt: TEST_DAY_START,
      updatedAt: TEST_DAY_START,
      resolvedAt: null,
      acknowledgedAt: null,
      escalationLevel: 0,
      appealEndsAt: null,
    } as unknown as FindingChange['finding'],
  };
}

describe('HR webhooks (Standard Webhooks outbox)', () => {
  it('delivers every signal at least once after the receiver was down for "ten minutes"', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const ctx = await testContext({
      HR_WEBHOOK_URL: `http://127.0.0.1:${port}/hr`,
      HR_WEBHOOK_SECRET: secret,
      HR_WEBHOOK_BACKOFF_MS: '20',
      HR_WEBHOOK_MAX_ATTEMPTS: '12',
    });
    try {
      for (let i = 0; i < 30; i++)
        await ctx.db
          .transaction()
          .execute((trx) =>
            recordFindingChanges(trx, [stood(500 + i)], { actor: 'system:appeals', at: TEST_DAY_START }),
          );
      const sender = new HrWebhookSender(ctx, 25);
      sender.start();
      await new Promise((r) => setTimeout(r, 6_000));
      const during = await ctx.db.selectFrom('hr_outbox').select(['status', 'attempts']).execute();
      expect(during.every((r) => r.status === 'pending' && r.attempts >= 5)).toBe(true);
      down = false;
      const deadline = performance.now() + 30_000;
      while (got.size < 30 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await sender.stop();
      expect(got.size).toBe(30);
      expect(badSignatures).toBe(0);
      const rows = await ctx.db.selectFrom('hr_outbox').select(['msg_id', 'status']).execute();
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      expect([...got.keys()].sort()).toEqual(rows.map((r) => r.msg_id).sort());
    } finally {
      await ctx.dispose();
    }
  }, 60_000);

  it('dead-letters a message the receiver keeps refusing', async () => {
    down = true;
    const port = (receiver.address() as AddressInfo).port;
    const ctx = await testContext({
      HR_WEBHOOK_URL: `http://127.0.0.1:${port}/hr`,
      HR_WEBHOOK_SECRET: secret,
      HR_WEBHOOK_BACKOFF_MS: '10',
      HR_WEBHOOK_MAX_ATTEMPTS: '3',
    });
    try {
      await ctx.db
        .transaction()
        .execute((trx) =>
          recordFindingChanges(trx, [stood(900)], { actor: 'system:appeals', at: TEST_DAY_START }),
        );
      const sender = new HrWebhookSender(ctx, 10);
      for (let i = 0; i < 50; i++) {
        await sender.drain();
        const row = await ctx.db.selectFrom('hr_outbox').select('status').executeTakeFirstOrThrow();
        if (row.status === 'dead') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const row = await ctx.db.selectFrom('hr_outbox').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'dead', attempts: 3, http_status: 503, last_error: 'HTTP 503' });
    } finally {
      await ctx.dispose();
    }
  });
});
