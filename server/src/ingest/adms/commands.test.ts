import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../testing/context.ts';
import { takeCommands } from './command-store.ts';
import type { FakeTerminal } from './testing/terminal.ts';
import { admsTestWorld, type AdmsTestWorld } from './testing/world.ts';

/** Operators queue commands; the terminal fetches them on its poll and reports each result. */
const KEL = '16.71.01.1002';
let w: AdmsTestWorld;
let term: { id: number; fake: FakeTerminal };

const queue = (deviceId: number, command: unknown, cookie?: string) =>
  w.api('POST', `/api/v1/devices/${deviceId}/commands`, { command }, cookie);
async function statusOf(id: number) {
  return w.t.ctx.db
    .selectFrom('device_commands')
    .select(['status', 'return_code', 'sent_at', 'done_at', 'attempts'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
const idOf = (res: { body: Record<string, unknown> }) => (res.body.command as { id: number }).id;

beforeAll(async () => {
  w = await admsTestWorld();
  term = await w.terminal('CMD00001', { kelurahanCode: KEL });
});
afterAll(() => w.dispose());

describe('command queue round trip', () => {
  it('queues, hands out on the next poll once, and records the result', async () => {
    const res = await queue(term.id, 'INFO');
    expect(res.status).toBe(201);
    expect(res.body.command).toMatchObject({
      deviceId: term.id,
      command: 'INFO',
      status: 'pending',
      returnCode: null,
    });
    const id = idOf(res);

    const poll = await term.fake.poll();
    expect([poll.status, poll.text]).toEqual([200, `C:${id}:INFO\n`]);
    expect(await statusOf(id)).toMatchObject({ status: 'sent', sent_at: expect.any(Date) });
    expect((await term.fake.poll()).text).toBe('OK');

    const done = await term.fake.commandResults(
      `ID=${id}&Return=0&CMD=INFO\n~DeviceName=MB160\nUserCount=12\n`,
    );
    expect([done.status, done.text]).toEqual([200, 'OK']);
    expect(await statusOf(id)).toMatchObject({ status: 'done', return_code: 0, done_at: expect.any(Date) });

    const listed = await w.api('GET', `/api/v1/devices/${term.id}/commands`);
    expect((listed.body.items as { id: number; status: string }[])[0]).toMatchObject({ id, status: 'done' });
    const raw = await w.t.ctx.db
      .selectFrom('raw_payloads')
      .select(['adms_table', 'body'])
      .where('device_id', '=', term.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(raw.adms_table).toBe('devicecmd');
    expect(raw.body.toString()).toContain('UserCount=12');
  });

  it('marks a negative Return as failed, also when results come on /cdata without table', async () => {
    const id = idOf(await queue(term.id, 'DATA DELETE USERINFO PIN=77'));
    expect((await term.fake.poll()).text).toBe(`C:${id}:DATA DELETE USERINFO PIN=77\n`);
    expect((await term.fake.upload(null, Buffer.from(`ID=${id}&Return=-1002&CMD=DATA`))).text).toBe('OK');
    expect(await statusOf(id)).toMatchObject({ status: 'failed', return_code: -1002 });
  });

  it('sends several commands in order with TABs kept, and a REBOOT last', async () => {
    const reboot = idOf(await queue(term.id, 'REBOOT'));
    const update = idOf(
      await queue(term.id, 'DATA UPDATE USERINFO PIN=7\tName=Siti\tPri=0\tPasswd=\tCard=\tGrp=1'),
    );
    const check = idOf(await queue(term.id, 'CHECK'));
    expect((await term.fake.poll()).text).toBe(
      `C:${update}:DATA UPDATE USERINFO PIN=7\tName=Siti\tPri=0\tPasswd=\tCard=\tGrp=1\nC:${check}:CHECK\nC:${reboot}:REBOOT\n`,
    );
    expect(
      (
        await term.fake.commandResults(
          `ID=${update}&Return=0&CMD=DATA\nID=${check}&Return=0&CMD=CHECK\nID=${reboot}&Return=0&CMD=REBOOT`,
        )
      ).text,
    ).toBe('OK');
    for (const id of [update, check, reboot]) expect((await statusOf(id)).status).toBe('done');
  });

  it('answers OK to results for IDs it never issued, and lets no terminal settle another one’s commands', async () => {
    const other = await w.terminal('CMD00002', { kelurahanCode: KEL });
    const id = idOf(await queue(term.id, 'CHECK'));
    await term.fake.poll();
    expect(
      (
        await other.fake.commandResults(
          `ID=${id}&Return=0&CMD=CHECK\nID=info8487&Return=0&CMD=DATA\nID=999999&Return=0`,
        )
      ).text,
    ).toBe('OK');
    expect((await statusOf(id)).status).toBe('sent');
  });

  it('hands each command out once when polls overlap', async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(idOf(await queue(term.id, `INFO`)));
    const replies = await Promise.all([term.fake.poll(), term.fake.poll(), term.fake.poll()]);
    const handed = replies.flatMap((r) => [...r.text.matchAll(/^C:(\d+):/gm)].map((m) => Number(m[1])));
    expect(handed.sort((a, b) => a - b)).toEqual(ids);
  });
});

describe('commands whose result never comes', () => {
  it('are offered again after the reply timeout, up to the limit, then marked failed', async () => {
    const devices = w.t.ctx.policy.thresholds.devices;
    const retry = {
      replyTimeoutSeconds: devices.commandReplyTimeoutSeconds,
      maxAttempts: devices.commandMaxAttempts,
    };
    const lost = await w.terminal('CMDLOST1', { kelurahanCode: KEL });
    const id = idOf(await queue(lost.id, 'CHECK'));
    // The first attempt goes out on a real poll, at the test clock's now.
    expect((await lost.fake.poll()).text).toBe(`C:${id}:CHECK\n`);
    const t0 = (await statusOf(id)).sent_at!.getTime();
    const at = (seconds: number) => new Date(t0 + seconds * 1000);
    const take = (seconds: number) => takeCommands(w.t.ctx.db, lost.id, at(seconds), retry);

    // Within the timeout, nothing: the result may still come.
    expect(await take(retry.replyTimeoutSeconds - 1)).toEqual([]);
    let elapsed = 0;
    for (let attempt = 2; attempt <= retry.maxAttempts; attempt++) {
      elapsed += retry.replyTimeoutSeconds;
      expect(await take(elapsed)).toEqual([{ id, command: 'CHECK' }]);
      expect(await statusOf(id)).toMatchObject({ status: 'sent', attempts: attempt, sent_at: at(elapsed) });
      expect(await take(elapsed + 1)).toEqual([]);
    }
    elapsed += retry.replyTimeoutSeconds;
    expect(await take(elapsed)).toEqual([]);
    expect(await statusOf(id)).toMatchObject({
      status: 'failed',
      return_code: null,
      attempts: retry.maxAttempts,
      done_at: at(elapsed),
    });
    const listed = await w.api('GET', `/api/v1/devices/${lost.id}/commands`);
    expect((listed.body.items as { id: number }[])[0]).toMatchObject({
      id,
      status: 'failed',
      attempts: retry.maxAttempts,
    });

    // A result that comes after all is still recorded: the terminal's word beats the timeout's guess.
    expect((await lost.fake.commandResults(`ID=${id}&Return=0&CMD=CHECK`)).text).toBe('OK');
    expect(await statusOf(id)).toMatchObject({ status: 'done', return_code: 0 });
  });
});

describe('command results under flood', () => {
  it('settles a command from a body of 60,000 result lines (1.7 MB) in one go, its first result counting', async () => {
    const flood = await w.terminal('CMDFLOOD', { kelurahanCode: KEL });
    const id = idOf(await queue(flood.id, 'INFO'));
    await flood.fake.poll();
    const lines = [`ID=${id}&Return=-1002&CMD=INFO`, `ID=${id}&Return=0&CMD=INFO`];
    for (let i = 0; i < 60_000; i++) lines.push(`ID=${1_000_000 + i}&Return=0&CMD=INFO`);
    const res = await flood.fake.commandResults(lines.join('\n'));
    expect([res.status, res.text]).toEqual([200, 'OK']);
    expect(await statusOf(id)).toMatchObject({ status: 'failed', return_code: -1002 });
  });
});

describe('command API', () => {
  it('validates the command and the device', async () => {
    expect((await queue(term.id, 'INFO\nREBOOT')).status).toBe(400);
    expect((await queue(term.id, '')).status).toBe(400);
    expect((await queue(term.id, 42)).status).toBe(400);
    expect((await w.api('POST', `/api/v1/devices/${term.id}/commands`, {})).status).toBe(400);
    expect((await queue(999999, 'INFO')).status).toBe(404);
    expect((await queue(Number.MAX_SAFE_INTEGER * 10, 'INFO')).status).toBe(400);
    const json = await w.terminal('CMDJSON1', { kelurahanCode: KEL, protocol: 'json' });
    expect((await queue(json.id, 'INFO')).status).toBe(404);
  });

  it('refuses a revoked terminal', async () => {
    const gone = await w.terminal('CMDREV01', { kelurahanCode: KEL });
    await w.api('POST', `/api/v1/devices/${gone.id}/revoke`);
    expect((await queue(gone.id, 'INFO')).status).toBe(409);
  });

  it('is for operators and admins only, and leaves the other device routes alone', async () => {
    const operator = await loginAs(w.t, { username: 'op-cmd', role: 'operator' });
    expect((await queue(term.id, 'CHECK', operator)).status).toBe(201);
    const lurah = await loginAs(w.t, { username: 'lurah-cmd', role: 'lurah', kelurahanCode: KEL });
    expect((await queue(term.id, 'CHECK', lurah)).status).toBe(403);
    expect((await queue(term.id, 'CHECK', '')).status).toBe(401);
    expect((await w.api('GET', '/api/v1/devices')).status).toBe(200);
  });
});
