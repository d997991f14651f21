import { nativeHls } from './capabilities.ts';
import { absolute, type StartTransport } from './types.ts';

/**
 * HLS, the last resort: the <video> itself where it plays HLS (Safari), else hls.js (loaded only
 * when needed) in low-latency mode, one segment behind live.
 */
export const startHls: StartTransport = async (video, play, events) => {
  const url = absolute(play.hlsUrl);
  video.srcObject = null;
  if (nativeHls(video)) {
    const onError = () => events.fail('error', 'native hls error');
    video.addEventListener('error', onError);
    video.src = url;
    void video.play().catch(() => undefined);
    return {
      stop() {
        video.removeEventListener('error', onError);
        video.removeAttribute('src');
        video.load();
      },
    };
  }
  const { default: Hls } = await import('hls.js');
  if (!Hls.isSupported()) throw new Error('hls.js not supported');
  const hls = new Hls({
    lowLatencyMode: true,
    liveSyncDurationCount: 1,
    liveMaxLatencyDurationCount: 3,
    maxLiveSyncPlaybackRate: 1.5,
    backBufferLength: 10,
    enableWorker: true,
  });
  hls.on(Hls.Events.ERROR, (_e, data) => {
    if (data.fatal) events.fail('error', `hls ${data.type} ${data.details}`);
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  void video.play().catch(() => undefined);
  return { stop: () => hls.destroy() };
};
