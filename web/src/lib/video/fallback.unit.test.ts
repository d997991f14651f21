import { describe, expect, it } from 'vitest';
import { nextTransport, tokenUsable, transportOrder } from './fallback.ts';

const ALL = { webrtc: true, mse: true, hls: true };

describe('transport order', () => {
  it('tries the preferred transport first, then the others in the contract order', () => {
    expect(transportOrder('webrtc', ALL)).toEqual(['webrtc', 'fmp4', 'hls']);
    expect(transportOrder('fmp4', ALL)).toEqual(['fmp4', 'webrtc', 'hls']);
    expect(transportOrder('hls', ALL)).toEqual(['hls', 'webrtc', 'fmp4']);
  });
  it('leaves out what the browser cannot play (an iPhone without MSE keeps WebRTC and native HLS)', () => {
    expect(transportOrder('fmp4', { webrtc: true, mse: false, hls: true })).toEqual(['webrtc', 'hls']);
    expect(transportOrder('webrtc', { webrtc: false, mse: false, hls: false })).toEqual([]);
  });
});

describe('falling back', () => {
  const order = ['webrtc', 'fmp4', 'hls'] as const;
  it('moves to the next transport on an error, a stall or no first frame in time', () => {
    expect(nextTransport(order, 'webrtc', 'timeout')).toEqual({ transport: 'fmp4', newRound: false });
    expect(nextTransport(order, 'fmp4', 'stall')).toEqual({ transport: 'hls', newRound: false });
  });
  it('starts a new round (after a backoff) once the last one failed', () => {
    expect(nextTransport(order, 'hls', 'error')).toEqual({ transport: 'webrtc', newRound: true });
    expect(nextTransport(['hls'], 'hls', 'error')).toEqual({ transport: 'hls', newRound: true });
  });
  it('keeps the transport when only the token expired', () => {
    expect(nextTransport(order, 'fmp4', 'expired')).toEqual({ transport: 'fmp4', newRound: false });
  });
  it('has nothing to try when nothing can play', () => {
    expect(nextTransport([], 'webrtc', 'error')).toBeNull();
  });
});

describe('play tokens', () => {
  it('are reused only with some life left', () => {
    expect(tokenUsable(100_000, 50_000)).toBe(true);
    expect(tokenUsable(100_000, 90_000)).toBe(false);
  });
});
