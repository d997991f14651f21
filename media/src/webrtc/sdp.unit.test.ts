import { describe, expect, it } from 'vitest';
import { checkOffer, h264Profile, narrowOffer } from './sdp.ts';

// A Chrome-shaped offer: audio first, video with VP8, three H.264 variants and their rtx.
const offer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 0.0.0.0',
  'a=mid:0',
  'a=recvonly',
  'a=rtpmap:111 opus/48000/2',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 106 112',
  'c=IN IP4 0.0.0.0',
  'a=mid:1',
  'a=recvonly',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:102 H264/90000',
  'a=rtcp-fb:102 nack pli',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f',
  'a=rtpmap:103 H264/90000',
  'a=rtcp-fb:103 nack pli',
  'a=fmtp:103 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  'a=rtpmap:106 H264/90000',
  'a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
  'a=rtpmap:112 H264/90000',
  'a=fmtp:112 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f',
  '',
].join('\r\n');

describe('h264Profile', () => {
  it('groups profile-level-ids as decoders do', () => {
    expect(h264Profile('42c016')).toBe('constrained-baseline');
    expect(h264Profile('42e01f')).toBe('constrained-baseline');
    expect(h264Profile('4d401f')).toBe('constrained-baseline');
    expect(h264Profile('42001f')).toBe('baseline');
    expect(h264Profile('4d0028')).toBe('main');
    expect(h264Profile('640c1f')).toBe('constrained-high');
    expect(h264Profile('640032')).toBe('high');
    expect(h264Profile('zz')).toBe('unknown');
  });
});

describe('checkOffer', () => {
  it('picks the mode-1 payload type of the camera profile, whatever its level', () => {
    expect(checkOffer(offer, '42c016')).toEqual({
      ok: true,
      h264: { payloadType: 106, profileLevelId: '42e01f' },
      videoMid: '1',
    });
    expect(checkOffer(offer, '640028')).toMatchObject({ ok: true, h264: { payloadType: 112 } });
  });
  it('falls back to Baseline for a Constrained Baseline camera', () => {
    const noCb = offer.replace(
      'profile-level-id=42e01f\r\na=rtpmap:112',
      'profile-level-id=4d001f\r\na=rtpmap:112',
    );
    expect(checkOffer(noCb, '42c016')).toMatchObject({ ok: true, h264: { payloadType: 103 } });
  });
  it('says why it refuses', () => {
    expect(checkOffer('hello', '42e01f')).toMatchObject({ ok: false, reason: 'not_sdp' });
    expect(checkOffer(offer.split('m=video')[0]!, '42e01f')).toMatchObject({ ok: false, reason: 'no_video' });
    expect(
      checkOffer(offer.replace(/packetization-mode=1/g, 'packetization-mode=0'), '42e01f'),
    ).toMatchObject({ ok: false, reason: 'no_h264' });
    expect(checkOffer(offer, '4d0028')).toMatchObject({
      ok: false,
      reason: 'no_matching_profile',
      offered: ['42001f', '42e01f', '64001f'],
    });
  });
});

describe('narrowOffer', () => {
  it('keeps only the chosen payload type in the video section and leaves audio alone', () => {
    const narrowed = narrowOffer(offer, 106);
    expect(narrowed).toContain('m=video 9 UDP/TLS/RTP/SAVPF 106\r\n');
    expect(narrowed).toContain('a=fmtp:106 ');
    expect(narrowed).not.toMatch(/a=(rtpmap|fmtp|rtcp-fb):(96|97|102|103|112) /);
    expect(narrowed).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n');
    expect(narrowed).toContain('a=rtpmap:111 opus/48000/2');
  });
});
