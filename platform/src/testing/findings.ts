import { toFinding } from '../findings/store.ts';
import type { Context } from '../context.ts';
import type { Finding } from '@pkk/core';

/** The office's kecamatan and kelurahan rows (codes are foreign keys), as the api's start mirrors them. */
export async function ensureOffice(ctx: Context, kelurahan: string): Promise<void> {
  const k = ctx.policy.kelurahan.find((x) => x.code === kelurahan)!;
  await ctx.db
    .insertInto('kecamatan')
    .values({ code: k.kecamatanCode, name: k.kecamatanName, name_legacy: k.kecamatanNameLegacy })
    .onConflict((c) => c.column('code').doNothing())
    .execute();
  await ctx.db
    .insertInto('kelurahan')
    .values({ code: k.code, kecamatan_code: k.kecamatanCode, name: k.name, name_legacy: k.nameLegacy })
    .onConflict((c) => c.column('code').doNothing())
    .execute();
}

/** A stored queue-wait finding, the shape a detection pass writes (opened `openedAt`, default now). */
export async function storedWaitFinding(
  ctx: Context,
  x: { kelurahan: string; ticket: string; minutes: number; openedAt?: number },
): Promise<Finding> {
  await ensureOffice(ctx, x.kelurahan);
  const now = new Date(x.openedAt ?? ctx.clock.now());
  const kecamatan = x.kelurahan.split('.').slice(0, 3).join('.');
  const labels = {
    alertname: 'queue_wait_sla',
    kelurahan: x.kelurahan,
    kecamatan,
    severity: 'warning',
    ticket: x.ticket,
  };
  const row = await ctx.db
    .insertInto('findings')
    .values({
      kind: 'queue_wait_sla',
      nature: 'condition',
      fingerprint: `fp-${x.ticket}`,
      kelurahan_code: x.kelurahan,
      kecamatan_code: kecamatan,
      date: '2026-11-23',
      subject: JSON.stringify({ kelurahan: x.kelurahan, kecamatan, ticket: x.ticket }),
      labels: JSON.stringify(labels),
      from_at: new Date(now.getTime() - x.minutes * 60_000),
      to_at: null,
      severity: 'warning',
      confidence: 1,
      state: 'open',
      standing: null,
      evidence: JSON.stringify({
        events: [],
        metrics: { waitedMinutes: x.minutes, targetMinutes: 30 },
        signals: [
          {
            name: 'queue',
            agrees: true,
            detail: `waiting ${x.minutes} min, target 30`,
            code: 'queue.waiting',
            values: { minutes: x.minutes, target: 30 },
          },
        ],
      }),
      digest: 'd',
      opened_at: now,
      updated_at: now,
      resolved_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFinding(row);
}
