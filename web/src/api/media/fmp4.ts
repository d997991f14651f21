import { bufferedRanges, liveSeek, trimRange } from '@/lib/video/live-edge.ts';
import { mediaSourceClass } from './capabilities.ts';
import { absolute, type StartTransport } from './types.ts';

interface Header {
  codec: string;
  width?: number;
  height?: number;
}
/** Fragments waiting for the SourceBuffer beyond this mean we cannot keep up: drop to a keyframe-free restart. */
const MAX_QUEUE = 120;
const OPEN_TIMEOUT_MS = 4000;

/**
 * fMP4 over a WebSocket into Media Source Extensions (docs/video.md): a text message {codec,…}
 * first, then the init segment, then one moof+mdat per access unit. The buffer is trimmed behind
 * the playhead and the playhead kept within a second of the newest frame.
 */
export const startFmp4: StartTransport = (video, play, events) =>
  new Promise((resolve, reject) => {
    const ms = mediaSourceClass();
    if (!ms) return reject(new Error('no MediaSource'));
    const ws = new WebSocket(absolute(play.wsUrl, true));
    ws.binaryType = 'arraybuffer';
    let source: MediaSource | null = null;
    let sb: SourceBuffer | null = null;
    let objectUrl: string | null = null;
    const queue: ArrayBuffer[] = [];
    let stopped = false;
    let opened = false;

    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(openTimer);
      ws.onclose = ws.onerror = ws.onmessage = null;
      if (ws.readyState <= WebSocket.OPEN) ws.close();
      video.removeAttribute('src');
      video.load();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
    const fail = (detail: string) => {
      if (stopped) return;
      if (!opened) {
        stop();
        reject(new Error(detail));
      } else events.fail('error', detail);
    };
    const openTimer = setTimeout(() => fail('fmp4: no header'), OPEN_TIMEOUT_MS);

    const pump = () => {
      if (!sb || sb.updating || stopped) return;
      const ranges = bufferedRanges(sb.buffered);
      const trim = trimRange(ranges, video.currentTime);
      if (trim) return sb.remove(trim.start, trim.end);
      const seek = liveSeek(ranges, video.currentTime);
      if (seek !== null) video.currentTime = seek;
      const next = queue.shift();
      if (!next) return;
      try {
        sb.appendBuffer(next);
      } catch (err) {
        if ((err as DOMException).name === 'QuotaExceededError') {
          queue.unshift(next);
          const r = ranges[0];
          if (r) sb.remove(r.start, Math.max(r.start + 0.5, video.currentTime - 1));
        } else fail(`fmp4 append: ${(err as Error).message}`);
      }
    };

    const open = (h: Header) => {
      const type = `video/mp4; codecs="${h.codec}"`;
      if (!ms.ctor.isTypeSupported(type)) return fail(`fmp4: ${type} not supported`);
      source = new ms.ctor();
      if (ms.managed) video.disableRemotePlayback = true;
      video.srcObject = null;
      objectUrl = URL.createObjectURL(source);
      video.src = objectUrl;
      source.addEventListener(
        'sourceopen',
        () => {
          if (stopped || !source) return;
          try {
            sb = source.addSourceBuffer(type);
          } catch (err) {
            return fail(`fmp4 sourcebuffer: ${(err as Error).message}`);
          }
          sb.mode = 'segments';
          sb.addEventListener('updateend', pump);
          sb.addEventListener('error', () => fail('fmp4 sourcebuffer error'));
          pump();
          void video.play().catch(() => undefined);
        },
        { once: true },
      );
      opened = true;
      clearTimeout(openTimer);
      resolve({ stop });
    };

    ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
      if (typeof e.data === 'string') {
        if (source) return; // a later text message (stats) changes nothing here
        try {
          open(JSON.parse(e.data) as Header);
        } catch {
          fail('fmp4: bad header');
        }
        return;
      }
      if (queue.length >= MAX_QUEUE) return fail('fmp4: cannot keep up');
      queue.push(e.data);
      pump();
    };
    ws.onerror = () => fail('fmp4 socket error');
    ws.onclose = (e) => fail(`fmp4 socket closed ${e.code}`);
  });
