import type { Capabilities } from '@/lib/video/fallback.ts';

const H264 = 'video/mp4; codecs="avc1.42E01E"';

type MediaSourceCtor = typeof MediaSource;

/** MediaSource, or ManagedMediaSource where only that exists (iOS 17.1+). */
export function mediaSourceClass(): { ctor: MediaSourceCtor; managed: boolean } | null {
  const w = window as unknown as { MediaSource?: MediaSourceCtor; ManagedMediaSource?: MediaSourceCtor };
  if (typeof w.MediaSource === 'function') return { ctor: w.MediaSource, managed: false };
  if (typeof w.ManagedMediaSource === 'function') return { ctor: w.ManagedMediaSource, managed: true };
  return null;
}

export function nativeHls(video: HTMLVideoElement | null = null): boolean {
  const v = video ?? document.createElement('video');
  return v.canPlayType('application/vnd.apple.mpegurl') !== '';
}

let cached: Capabilities | null = null;

/** What this browser can play, probed once. */
export function capabilities(): Capabilities {
  if (cached) return cached;
  const ms = mediaSourceClass();
  const mse = !!ms && ms.ctor.isTypeSupported(H264);
  cached = { webrtc: typeof RTCPeerConnection === 'function', mse, hls: mse || nativeHls() };
  return cached;
}
