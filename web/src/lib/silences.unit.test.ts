import { describe, expect, it } from 'vitest';
import {
  areaMatcher,
  formatMatchers,
  matchersLike,
  outageMatchers,
  outageOf,
  checkMatcherInput,
  parseMatcherInput,
  silenceState,
  sortSilences,
  withAreaMatcher,
} from './silences.ts';
import { finding } from './test-data.ts';
import type { Silence } from '@pkk/core';

describe('matchers typed in Alertmanager syntax', () => {
  it('reads braces, commas, lines and bare values into the api canonical form', () => {
    expect(parseMatcherInput('{alertname="queue_wait_sla", kelurahan="16.71.01.1001"}')).toEqual({
      ok: true,
      matchers: ['alertname="queue_wait_sla"', 'kelurahan="16.71.01.1001"'],
    });
    expect(parseMatcherInput('severity = critical\nalertname=~"late_arrival|absent_no_notice"')).toEqual({
      ok: true,
      matchers: ['severity="critical"', 'alertname=~"late_arrival|absent_no_notice"'],
    });
    expect(parseMatcherInput('desk!="loket-1", desk!="loket-1"')).toEqual({
      ok: true,
      matchers: ['desk!="loket-1"'],
    });
  });

  it('keeps commas inside quotes and escaped quotes', () => {
    expect(parseMatcherInput('comment="a, b", x="say \\"hi\\""')).toEqual({
      ok: true,
      matchers: ['comment="a, b"', 'x="say \\"hi\\""'],
    });
  });

  it('names the first part that is not a matcher, and a bad regular expression', () => {
    expect(parseMatcherInput('  {} ')).toEqual({ ok: false, reason: 'empty' });
    const bad = parseMatcherInput('kelurahan="16.71.01.1001", kelurahan 16.71');
    expect(bad).toMatchObject({ ok: false, reason: 'syntax', text: 'kelurahan 16.71' });
    expect(parseMatcherInput(`desk="${'x'.repeat(300)}"`)).toMatchObject({ ok: false, reason: 'limit' });
  });

  it('checks regexes with the api’s RE2 engine: what RE2 refuses, the form refuses', async () => {
    expect(await checkMatcherInput('alertname=~"(late"')).toMatchObject({
      ok: false,
      reason: 'regex',
      text: 'alertname=~"(late"',
    });
    // JavaScript has lookahead; RE2 (and so Alertmanager, and the api) does not.
    expect(await checkMatcherInput('kelurahan="16.71.01.1001"\nalertname=~"(?!late).*"')).toMatchObject({
      ok: false,
      reason: 'regex',
      text: 'alertname=~"(?!late).*"',
    });
    expect(await checkMatcherInput('desk=~"a{1000}"')).toMatchObject({ ok: false, reason: 'limit' });
    expect(await checkMatcherInput('alertname=~"late_.*", kelurahan="16.71.01.1001"')).toEqual({
      ok: true,
      matchers: ['alertname=~"late_.*"', 'kelurahan="16.71.01.1001"'],
    });
  });

  it('writes a list back with braces', () => {
    expect(formatMatchers(['a="1"', 'b!="2"'])).toBe('{a="1", b!="2"}');
  });
});

describe('who may silence what', () => {
  it('gives a camat and a lurah their area matcher, the city-wide roles none', () => {
    expect(areaMatcher({ role: 'camat', kecamatanCode: '16.71.05', kelurahanCode: null })).toBe(
      'kecamatan="16.71.05"',
    );
    expect(areaMatcher({ role: 'lurah', kecamatanCode: '16.71.05', kelurahanCode: '16.71.05.1001' })).toBe(
      'kelurahan="16.71.05.1001"',
    );
    expect(areaMatcher({ role: 'operator', kecamatanCode: null, kelurahanCode: null })).toBeNull();
    expect(withAreaMatcher(['a="1"', 'kecamatan="16.71.05"'], 'kecamatan="16.71.05"')).toEqual([
      'kecamatan="16.71.05"',
      'a="1"',
    ]);
  });

  it('silences alerts like a finding: same kind, same office', () => {
    expect(matchersLike(finding({ id: 1, kind: 'desk_unattended', kelurahan: '16.71.05.1002' }))).toEqual([
      'alertname="desk_unattended"',
      'kelurahan="16.71.05.1002"',
    ]);
  });
});

describe('declared office outages', () => {
  it('are silences of one whole kelurahan, with or without its kecamatan', () => {
    expect(outageOf({ matchers: ['kelurahan="16.71.05.1001"'] })).toEqual({ kelurahan: '16.71.05.1001' });
    expect(outageOf({ matchers: ['kecamatan="16.71.05"', 'kelurahan="16.71.05.1001"'] })).toEqual({
      kelurahan: '16.71.05.1001',
    });
    expect(outageOf({ matchers: ['kecamatan="16.71.04"', 'kelurahan="16.71.05.1001"'] })).toBeNull();
    expect(outageOf({ matchers: ['kelurahan="16.71.05.1001"', 'alertname="late_arrival"'] })).toBeNull();
    expect(outageOf({ matchers: ['kecamatan="16.71.05"'] })).toBeNull();
    expect(outageOf({ matchers: ['kelurahan=~"16.71.05.*"'] })).toBeNull();
  });

  it('are declared with the matchers the api asks of the role', () => {
    const k = { code: '16.71.05.1001', kecamatanCode: '16.71.05' };
    expect(outageMatchers(k, { role: 'operator' })).toEqual(['kelurahan="16.71.05.1001"']);
    expect(outageMatchers(k, { role: 'camat' })).toEqual([
      'kecamatan="16.71.05"',
      'kelurahan="16.71.05.1001"',
    ]);
    expect(outageOf({ matchers: outageMatchers(k, { role: 'camat' }) })).toEqual({ kelurahan: k.code });
  });
});

it('lists active silences first, then pending, then expired, newest first, by the server time given', () => {
  const s = (id: number, startsAt: number, endsAt: number): Silence => ({
    id,
    state: 'active',
    matchers: [],
    startsAt,
    endsAt,
    comment: '',
    createdBy: null,
    createdAt: 0,
    expiredAt: null,
  });
  const list = [s(1, 0, 50), s(2, 0, 200), s(3, 150, 300), s(4, 90, 200)];
  expect(silenceState(list[0]!, 100)).toBe('expired');
  expect(silenceState(list[2]!, 100)).toBe('pending');
  expect(silenceState(list[2]!, 150)).toBe('active');
  expect(sortSilences(list, 100).map((x) => x.id)).toEqual([4, 2, 3, 1]);
});
