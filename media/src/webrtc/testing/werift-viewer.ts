import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift';

/**
 * Test harness: a WHEP viewer made of a werift peer (no browser), counting what it receives. Used
 * where many viewers are needed (load measurement); the browser test uses Chromium.
 */
export interface WeriftViewer {
  location: string;
  answer: string;
  /** RTP packets and pictures (marker bits) received, ms from POST to the first packet. */
  stats(): { packets: number; frames: number; firstPacketMs: number | null; keyframes: number };
  firstFrame: Promise<number>;
  /** Stops the peer without telling the server (a closed tab). */
  vanish(): Promise<void>;
  close(): Promise<void>;
}

export async function weriftViewer(whepUrl: string, profileLevelId = '42e01f'): Promise<WeriftViewer> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    codecs: {
      video: [
        new RTCRtpCodecParameters({
          mimeType: 'video/H264',
          clockRate: 90000,
          parameters: `level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=${profileLevelId}`,
          rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
        }),
      ],
    },
  });
  const started = Date.now();
  let packets = 0;
  let frames = 0;
  let keyframes = 0;
  let firstPacketMs: number | null = null;
  let resolveFirst!: (ms: number) => void;
  const firstFrame = new Promise<number>((r) => (resolveFirst = r));
  const transceiver = pc.addTransceiver('video', { direction: 'recvonly' });
  transceiver.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      packets++;
      if (firstPacketMs === null) firstPacketMs = Date.now() - started;
      const t = rtp.payload[0]! & 0x1f;
      if (
        t === 5 ||
        t === 7 ||
        (t === 24 && (rtp.payload[3]! & 0x1f) === 7) ||
        (t === 28 && (rtp.payload[1]! & 0x9f) === 0x85)
      )
        keyframes++;
      if (rtp.header.marker) {
        frames++;
        if (frames === 1) resolveFirst(Date.now() - started);
      }
    });
  });
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.iceGatheringStateChange.subscribe((s) => s === 'complete' && resolve());
  });
  const res = await fetch(whepUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp' },
    body: pc.localDescription!.sdp,
  });
  if (res.status !== 201) {
    await pc.close();
    throw new Error(`WHEP POST ${res.status}: ${await res.text()}`);
  }
  const location = new URL(res.headers.get('location')!, whepUrl).toString();
  const answer = await res.text();
  await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  return {
    location,
    answer,
    firstFrame,
    stats: () => ({ packets, frames, firstPacketMs, keyframes }),
    vanish: () => pc.close(),
    close: async () => {
      await fetch(location, { method: 'DELETE' });
      await pc.close();
    },
  };
}
