import { absolute, type StartTransport } from './types.ts';

/** Non-trickle WHEP: the offer goes with the candidates gathered by then (host ones come at once). */
const GATHER_MAX_MS = 800;
const GATHER_AFTER_FIRST_MS = 150;
const WHEP_POST_MS = 3000;

function gathered(pc: RTCPeerConnection): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    let settle: ReturnType<typeof setTimeout> | undefined;
    const max = setTimeout(done, GATHER_MAX_MS);
    function done() {
      clearTimeout(max);
      clearTimeout(settle);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve();
    }
    function onState() {
      if (pc.iceGatheringState === 'complete') done();
    }
    function onCandidate(e: RTCPeerConnectionIceEvent) {
      if (!e.candidate) return done();
      if (!settle) settle = setTimeout(done, GATHER_AFTER_FIRST_MS);
    }
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
  });
}

/**
 * WebRTC by WHEP (docs/video.md): a receive-only video transceiver, the offer POSTed as
 * application/sdp, the answer set; the session's Location is DELETEd on stop.
 */
export const startWhep: StartTransport = async (video, play, events) => {
  const pc = new RTCPeerConnection({ iceServers: play.iceServers, bundlePolicy: 'max-bundle' });
  let location: string | null = null;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    pc.close();
    if (video.srcObject) video.srcObject = null;
    if (location) void fetch(location, { method: 'DELETE', keepalive: true }).catch(() => undefined);
  };
  try {
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.ontrack = (e) => {
      video.srcObject = e.streams[0] ?? new MediaStream([e.track]);
      void video.play().catch(() => undefined);
    };
    pc.onconnectionstatechange = () => {
      if (!stopped && (pc.connectionState === 'failed' || pc.connectionState === 'closed'))
        events.fail('error', `webrtc ${pc.connectionState}`);
    };
    await pc.setLocalDescription(await pc.createOffer());
    // The media node is ICE-lite: it answers the browser's checks from wherever they come, so the
    // offer needs no candidates of ours and goes at once (waiting for them cost up to 0.8 s of the
    // mayor's tap). Through TURN it waits for the relay candidates, which a relay needs.
    if (play.iceServers.length) await gathered(pc);
    const url = absolute(play.whepUrl);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/sdp', accept: 'application/sdp' },
      body: pc.localDescription?.sdp ?? '',
      signal: AbortSignal.timeout(WHEP_POST_MS),
    });
    // Refused or already used (409): the player asks for a new play.
    if (res.status === 401 || res.status === 403 || res.status === 409)
      throw Object.assign(new Error('whep token refused'), { expired: true });
    if (!res.ok) throw new Error(`whep ${res.status}`);
    const loc = res.headers.get('location');
    location = loc ? new URL(loc, url).toString() : null;
    const answer = await res.text();
    if (stopped) {
      stop();
      return { stop };
    }
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  } catch (err) {
    stop();
    throw err;
  }
  return { stop };
};
