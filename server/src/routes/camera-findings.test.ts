import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Camera, Finding } from '@pkk/core';
import { detectOffice } from '@pkk/platform/findings/pass';
import { purgeSnapshots } from '@pkk/platform/media/snapshot-retention';
import { testApi } from '../testing/context.ts';
import { createWorld, KA, type TestApi, type World } from '../testing/world.ts';

/**
 * Cameras in detection, through the real pass: camera_status written as a media node would opens a
 * camera_offline finding and online resolves it; a desk finding links the snapshot of a camera on
 * that desk taken nearest its start.
 */
let t: TestApi;
let w: World;
let desks: Camera;
let hall: Camera;
const polygon = [
  [0.1, 0.1],
  [0.6, 0.1],
  [0.6, 0.7],
];

beforeAll(async () => {
  t = await testApi();
  w = await createWorld(t, { kelurahan: [KA] });
  const add = async (name: string, zones: string[]) => {
    const r = await w.call('operator', 'POST', '/api/v1/cameras', {
      kelurahanCode: KA,
      name,
      placement: 'desks',
      rtspMain: 'rtsp://10.0.0.9/main',
    });
    const id = (r.body as { camera: Camera }).camera.id;
    const z = await w.call('operator', 'PUT', `/api/v1/cameras/${id}/zones`, {
      zones: zones.map((desk) => ({ desk, polygon })),
    });
    return (z.body as { camera: Camera }).camera;
  };
  desks = await add('Loket 2', ['loket-2']);
  hall = await add('Aula', ['loket-1']);
});
afterAll(() => t?.dispose());

const open = async (kind: string) =>
  (
    await t.ctx.db
      .selectFrom('findings')
      .selectAll()
      .where('kind', '=', kind)
      .where('kelurahan_code', '=', KA)
      .execute()
  ).map((r) => ({
    state: r.state,
    subject: r.subject as Finding['subject'],
    evidence: r.evidence as Finding['evidence'],
    from: r.from_at.getTime(),
  }));

describe('camera_offline through the detection pass', () => {
  it('opens when the media node writes offline past the debounce, and online resolves it', async () => {
    const now = t.ctx.clock.now();
    const status = (state: 'online' | 'offline', since: number, lastFrame: number) => ({
      camera_id: desks.id,
      state,
      since: new Date(since),
      last_frame_at: new Date(lastFrame),
      bitrate_kbps: null,
      reconnects: 4,
      last_error: state === 'offline' ? 'RTSP 401 Unauthorized' : null,
      node: 'media-1',
      updated_at: new Date(now),
    });
    await t.ctx.db
      .insertInto('camera_status')
      .values(status('offline', now - 60_000, now - 60_000))
      .execute();
    expect((await detectOffice(t.ctx, KA)).filter((c) => c.finding.kind === 'camera_offline')).toEqual([]);

    await t.ctx.db
      .updateTable('camera_status')
      .set(status('offline', now - 5 * 60_000, now - 5 * 60_000))
      .where('camera_id', '=', desks.id)
      .execute();
    const opened = (await detectOffice(t.ctx, KA)).filter((c) => c.finding.kind === 'camera_offline');
    expect(opened.map((c) => c.action)).toEqual(['opened']);
    expect(opened[0]!.finding).toMatchObject({
      state: 'open',
      subject: { camera: 'Loket 2', kelurahan: KA },
      labels: { alertname: 'camera_offline', camera: 'Loket 2' },
      from: now - 5 * 60_000,
    });
    expect(opened[0]!.finding.evidence.metrics).toMatchObject({
      cameraId: desks.id,
      lastError: 'RTSP 401 Unauthorized',
      reconnects: 4,
    });
    // Another pass while it holds changes nothing.
    expect((await detectOffice(t.ctx, KA)).filter((c) => c.finding.kind === 'camera_offline')).toEqual([]);
    // Operators see it in their findings.
    const list = await w.call('operator', 'GET', '/api/v1/findings?kind=camera_offline');
    expect((list.body as { items: Finding[] }).items).toHaveLength(1);

    await t.ctx.db
      .updateTable('camera_status')
      .set(status('online', t.ctx.clock.now(), t.ctx.clock.now()))
      .where('camera_id', '=', desks.id)
      .execute();
    const resolved = (await detectOffice(t.ctx, KA)).filter((c) => c.finding.kind === 'camera_offline');
    expect(resolved.map((c) => c.action)).toEqual(['resolved']);
    expect((await open('camera_offline')).map((f) => f.state)).toEqual(['resolved']);
  });
});

describe('snapshot evidence of a desk finding', () => {
  it("links the snapshot taken nearest the finding's start by a camera whose zones cover the desk", async () => {
    const now = t.ctx.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const r = await w.ingest(KA, 'queue', [
      { type: 'desk.opened', desk: 'loket-2', time: iso(now - 20 * 60_000) },
      {
        type: 'ticket.issued',
        ticketId: 'ev-1',
        ticketNumber: 'B001',
        service: 'domisili',
        time: iso(now - 15 * 60_000),
      },
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const start = now - 15 * 60_000;
    const snap = (cameraId: string, at: number, byte: number) => ({
      camera_id: cameraId,
      taken_at: new Date(at),
      sha256: Buffer.alloc(32, byte),
      path: `${cameraId}/${at}.jpg`,
      bytes: 100,
    });
    await t.ctx.db
      .insertInto('camera_snapshots')
      .values([
        snap(desks.id, start - 4 * 60_000, 1),
        snap(desks.id, start + 60_000, 2),
        snap(desks.id, start + 10 * 60_000, 3),
        // Exactly at the start, but of a camera on another desk.
        snap(hall.id, start, 4),
      ])
      .execute();
    const changes = (await detectOffice(t.ctx, KA)).filter((c) => c.finding.kind === 'desk_unattended');
    expect(changes.map((c) => [c.action, c.finding.subject.desk])).toEqual([['opened', 'loket-2']]);
    const f = changes[0]!.finding;
    expect(f.from).toBe(start);
    expect(f.evidence.snapshot).toBe(`/api/v1/cameras/${desks.id}/snapshots/${start + 60_000}`);
    expect(f.evidence.metrics).toMatchObject({
      snapshotSha256: '02'.repeat(32),
      snapshotAt: start + 60_000,
      snapshotCamera: desks.id,
    });
    // The lurah reads the same evidence through the API.
    const read = await w.call('lurah', 'GET', `/api/v1/findings?kind=desk_unattended`);
    expect((read.body as { items: Finding[] }).items[0]!.evidence.snapshot).toBe(f.evidence.snapshot);
  });

  it('links nothing when no snapshot of a covering camera is near enough', async () => {
    const now = t.ctx.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    await w.ingest(KA, 'queue', [
      { type: 'desk.opened', desk: 'loket-3', time: iso(now - 30 * 60_000) },
      {
        type: 'ticket.issued',
        ticketId: 'ev-2',
        ticketNumber: 'C001',
        service: 'pengaduan',
        time: iso(now - 25 * 60_000),
      },
    ]);
    await detectOffice(t.ctx, KA);
    const loket3 = (await open('desk_unattended')).filter((x) => x.subject.desk === 'loket-3');
    // No camera covers loket-3; the snapshots of loket-2's camera are not its evidence.
    expect(loket3).toHaveLength(1);
    expect(loket3[0]!.evidence.snapshot).toBeUndefined();
    expect(loket3[0]!.evidence.metrics.snapshotSha256).toBeUndefined();
  });

  it("links nothing when the covering camera's snapshots are all outside the window", async () => {
    const r = await w.call('operator', 'PUT', `/api/v1/cameras/${hall.id}/zones`, {
      zones: [{ desk: 'loket-3', polygon }],
    });
    expect(r.status).toBe(200);
    // The hall camera's one snapshot is 25 minutes from loket-3's start: too far.
    await detectOffice(t.ctx, KA);
    const loket3 = (await open('desk_unattended')).filter((x) => x.subject.desk === 'loket-3');
    expect(loket3[0]!.evidence.snapshot).toBeUndefined();
  });
});

describe('snapshot retention by reference', () => {
  it("keeps a finding's evidence picture past the retention, rows and files, and purges the rest", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pkk-snapshots-'));
    const rows = await t.ctx.db.selectFrom('camera_snapshots').selectAll().execute();
    for (const r of rows) {
      mkdirSync(path.join(dir, r.camera_id), { recursive: true });
      writeFileSync(path.join(dir, r.path), 'jpeg');
    }
    // A stray file with no row (a write whose row never came) goes too once it is old.
    const stray = path.join(dir, desks.id, `${t.ctx.clock.now() - 3_600_000}.jpg`);
    writeFileSync(stray, 'jpeg');
    const desk = (await open('desk_unattended')).find((f) => f.subject.desk === 'loket-2')!;
    const evidence = desk.evidence.metrics.snapshotAt as number;
    // The reference was written by the detection pass, with the finding.
    const refs = await t.ctx.db.selectFrom('snapshot_references').selectAll().execute();
    expect(refs.map((r) => [r.camera_id, r.taken_at.getTime()])).toEqual([[desks.id, evidence]]);

    // 72 hours on, every snapshot is past the retention: only the referenced one stays.
    const cutoff = t.ctx.clock.now() + 60 * 60_000;
    expect(await purgeSnapshots(t.ctx.db, dir, cutoff)).toEqual({
      rows: rows.length - 1,
      files: rows.length,
    });
    const left = await t.ctx.db.selectFrom('camera_snapshots').selectAll().execute();
    expect(left.map((r) => [r.camera_id, r.taken_at.getTime()])).toEqual([[desks.id, evidence]]);
    for (const r of rows) expect(existsSync(path.join(dir, r.path))).toBe(r.taken_at.getTime() === evidence);
    expect(existsSync(stray)).toBe(false);
  });

  it('refuses to delete a camera whose snapshots are evidence (disable it instead)', async () => {
    const r = await w.call('operator', 'DELETE', `/api/v1/cameras/${desks.id}`);
    expect(r.status).toBe(409);
    expect(JSON.stringify(r.body)).toMatch(/evidence/);
    expect(await t.ctx.db.selectFrom('snapshot_references').select('finding_id').execute()).toHaveLength(1);
  });
});
