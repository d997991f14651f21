import { describe, expect, it } from 'vitest';
import { BUS, busChannelName, decodeMessage, encodeMessage, type Announcement } from './catalog.ts';

const KEL = '16.71.01.1001';

describe('the message catalog', () => {
  it('round-trips a message of every channel', () => {
    const announcement: Announcement = {
      k: KEL,
      e: [
        { kind: 'punch', nip: '198001012005011001', at: 1_000 },
        { kind: 'queue', type: 'ticket.issued', at: 2_000, ticketId: 't1', service: 'domisili' },
      ],
      d: [{ kind: 'device', deviceId: 3, at: 3_000 }],
      c: 4_000,
      s: 7,
    };
    const samples = {
      'live:events': announcement,
      'live:registry': { kelurahan: KEL, what: 'officers' },
      findings: { changes: [] },
      'cameras:changed': '0b0e2a54-3d1f-4c1b-9a57-0d6b8e1f2a33',
      'cameras:health': [],
      'auth:revoked': ['a'.repeat(64)],
    } as const;
    expect(Object.keys(samples).sort()).toEqual(Object.keys(BUS).sort());
    for (const [channel, message] of Object.entries(samples) as [keyof typeof samples, never][])
      expect(decodeMessage(channel, encodeMessage(channel, message))).toEqual({ ok: true, message });
  });

  it('sends a camera change as its bare id, as media nodes have always read it', () => {
    expect(encodeMessage('cameras:changed', 'abc')).toBe('abc');
    expect(busChannelName('pkk', 'cameras:changed')).toBe('pkk:cameras:changed');
  });

  it.each([
    ['live:events', 'not json', /not JSON/],
    ['live:events', '{"k":"16.71.01.1001","e":"x","c":1}', /^e: /],
    ['live:events', '{"k":"16.71.01.1001","e":[{"kind":"punch","nip":"1","at":"soon"}],"c":1}', /e\.0\.at/],
    ['live:events', '{"k":"16.71.01.1001","e":[],"c":1,"s":-1}', /^s: /],
    ['live:events', '{"k":"x","e":[],"c":1}', /^k: /],
    ['live:registry', '{"kelurahan":"16.71.01.1001","what":"everything"}', /^what: /],
    ['findings', '{"changes":[{"action":"opened"}]}', /changes\.0\.finding/],
    ['cameras:health', '{"cameraId":"c"}', /expected array/],
    ['auth:revoked', 'null', /expected array/],
    ['auth:revoked', '["not-a-digest"]', /^0: /],
  ] as const)('refuses on %s: %s', (channel, raw, reason) => {
    const d = decodeMessage(channel, raw);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.reason).toMatch(reason);
  });
});
