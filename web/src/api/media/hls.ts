import { nativeHls } from './capabilities.ts';
import { absolute, type StartTransport } from './types.ts';

/**
 * HLS, the last resort: the <video> itself where it plays HLS (Safari), else hls.js (loaded only
 * when needed) in low-latency mode, one segment behind live. A view lasts at most
 * MEDIA_HLS_MAX_SESSION_SECONDS (docs/video.md): its playlist then ends, and the player answers the
 * `ended` event (or a 4xx, once the node has let the view go) with a new play.
 */
export const startHls: StartTransport = async (video, play, events) => {
  const url = absolute(play.hlsUrl);
  video.srcObject = null;
  // The view reached its maximum length: its playlist ended, and a new play carries on at once.
  const onEnded = () => events.fail('expired', 'hls view ended');
  video.addEventListener('ended', onEnded);
  if (nativeHls(video)) {
    const onError = () => events.fail('error', 'native hls error');
    video.addEventListener('error', onError);
    video.src = url;
    void video.play().catch(() => undefined);
    return {
      stop() {
        video.removeEventListener('error', onError);
        video.removeEventListener('ended', onEnded);
        video.removeAttribute('src');
        video.load();
      },
    };
  }
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) {
    video.removeEventListener('ended', onEnded);
    throw new Error('hls.js not supported');
  }
  const hls = new Hls({
    lowLatencyMode: true,
    liveSyncDurationCount: 1,
    liveMaxLatencyDurationCount: 3,
    maxLiveSyncPlaybackRate: 1.5,
    backBufferLength: 10,
    enableWorker: true,
  });
  hls.on(Hls.Events.ERROR, (_e, data) => {
    if (!data.fatal) return;
    // The media node ended the view (its maximum length, a revoked sign-in) or refused its token:
    // the same transport again, with a new play.
    const code = data.response?.code ?? 0;
    if (code >= 400 && code < 500) return events.fail('expired', `hls ${code} ${data.details}`);
    events.fail('error', `hls ${data.type} ${data.details}`);
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  void video.play().catch(() => undefined);
  return {
    stop() {
      video.removeEventListener('ended', onEnded);
      hls.destroy();
    },
  };
};
