import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { ViewSession } from '../access/view-log.ts';
import type { AccessUnit, CameraFeed, FeedListener, H264Params } from '../feed.ts';
import { HIGH_WATER_BYTES, WsViewer } from './ws-viewer.ts';

const params: H264Params = {
  sps: Buffer.from('Z0LADdkBQfsBEAAAAwAQAAADAyDxQqSA', 'base64'),
  pps: Buffer.from('aMuDyyA=', 'base64'),
  codecString: 'avc1.42c00d',
  profileLevelId: '42c00d',
  width: 320,
  height: 240,
};
const au = (pts: number, keyframe = false): AccessUnit => ({
  nalus: [Buffer.from([keyframe ? 0x65 : 0x41, 1])],
  pts90k: pts,
  keyframe,
  receivedAt: 0,
});

function fakeFeed(cache: AccessUnit[]) {
  let listener: FeedListener = {};
  const feed: CameraFeed = {
    cameraId: 'c',
    stream: 'sub',
    params: () => params,
    keyframeCache: () => cache,
    subscribe: (l) => ((listener = l), () => (listener = {})),
  };
  return { feed, push: (a: AccessUnit) => listener.onAccessUnit?.(a) };
}
function fakeWs() {
  const sent: (string | Buffer)[] = [];
  const ws = { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (d: string | Buffer) => sent.push(d) };
  return { ws, sent, socket: ws as unknown as WebSocket };
}
const session = { sent: () => undefined } as unknown as ViewSession;
const fragments = (sent: (string | Buffer)[]) =>
  sent.filter((m) => Buffer.isBuffer(m) && m.subarray(4, 8).toString() === 'moof').length;

describe('WsViewer', () => {
  it('sends codec text, init, the keyframe cache, then live pictures', () => {
    const { feed, push } = fakeFeed([au(0, true), au(3000)]);
    const { sent, socket } = fakeWs();
    new WsViewer(socket, feed, session).start();
    expect(JSON.parse(sent[0] as string)).toEqual({ codec: 'avc1.42c00d', width: 320, height: 240 });
    expect((sent[1] as Buffer).subarray(4, 8).toString()).toBe('ftyp');
    expect(fragments(sent)).toBe(2);
    push(au(6000));
    expect(fragments(sent)).toBe(3);
  });

  it('drops pictures while the socket is backed up and resumes at the next keyframe', () => {
    const { feed, push } = fakeFeed([au(0, true)]);
    const { ws, sent, socket } = fakeWs();
    const viewer = new WsViewer(socket, feed, session);
    viewer.start();
    ws.bufferedAmount = HIGH_WATER_BYTES + 1;
    push(au(3000));
    ws.bufferedAmount = 0;
    push(au(6000)); // drained, but not a keyframe: still skipped
    push(au(9000, true));
    push(au(12000));
    expect(fragments(sent)).toBe(3); // the cached keyframe, then the new keyframe and its follower
    expect(viewer.dropped).toBe(2);
  });
});
