import { describe, expect, it, vi } from 'vitest';
import { ApiError, type Clock, type PlayClaims } from '@pkk/core';
import { LiveViews } from './live-views.ts';

const NOW = Date.parse('2026-11-23T03:00:00Z');
const clock = (ms: { now: number }): Clock => ({ now: () => ms.now, speed: 1 });
const claims = (jti: string, sid = 'sign-in-a-000000000000', exp = NOW / 1000 + 120): PlayClaims => ({
  jti,
  sub: '7',
  cam: '11111111-1111-4111-8111-111111111111',
  stream: 'sub',
  node: 'media-1',
  sid,
  iat: NOW / 1000,
  exp,
});
const jti = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('LiveViews', () => {
  it('lets a token open one view, on whichever transport, and never a second, even after the first ended', () => {
    const views = new LiveViews(clock({ now: NOW }));
    const v = views.claim(claims(jti(1)), 'webrtc');
    const again = () => views.claim(claims(jti(1)), 'hls');
    expect(again).toThrow(ApiError);
    expect(() => again()).toThrow(/one token, one view/);
    try {
      again();
    } catch (e) {
      expect([(e as ApiError).status, (e as ApiError).code]).toEqual([409, 'token_used']);
    }
    v.close();
    expect(views.size).toBe(0);
    expect(again).toThrow(/already opened a view/);
  });

  it('ends the views of a revoked sign-in, and only those, also when revoked before the session was bound', () => {
    const views = new LiveViews(clock({ now: NOW }));
    const a = views.claim(claims(jti(1), 'sign-in-a-000000000000'), 'fmp4');
    const b = views.claim(claims(jti(2), 'sign-in-b-000000000000'), 'fmp4');
    const early = views.claim(claims(jti(3), 'sign-in-a-000000000000'), 'webrtc');
    const endA = vi.fn();
    const endB = vi.fn();
    a.bind(endA);
    b.bind(endB);
    expect(views.endCredentials(new Set(['sign-in-a-000000000000']))).toBe(2);
    expect(endA).toHaveBeenCalledWith('revoked');
    expect(endB).not.toHaveBeenCalled();
    // The WebRTC session came after the revocation: it is ended as soon as it is bound.
    const endEarly = vi.fn();
    early.bind(endEarly);
    expect(endEarly).toHaveBeenCalledWith('revoked');
    // Ended once, not again; by id too.
    expect(views.endCredentials(new Set(['sign-in-a-000000000000']))).toBe(0);
    expect(views.endViews([jti(2)])).toBe(1);
    expect(endB).toHaveBeenCalledTimes(1);
    expect(views.openIds().sort()).toEqual([jti(1), jti(2), jti(3)]);
  });

  it('forgets used tokens once they expired (their signature check refuses them by then)', () => {
    const t = { now: NOW };
    const views = new LiveViews(clock(t));
    views.claim(claims(jti(1), undefined, NOW / 1000 + 120), 'hls').close();
    t.now = NOW + 121_000;
    views.claim(claims(jti(2)), 'hls'); // a claim prunes, at most once a minute
    expect(() => views.claim(claims(jti(1)), 'hls')).not.toThrow();
  });
});
