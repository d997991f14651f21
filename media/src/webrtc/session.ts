import { RTCPeerConnection, RTCRtpCodecParameters, type RTCRtpTransceiver } from 'werift';
import type { PlayClaims } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';
import type { CameraFeed } from '../feed.ts';
import { PortUnavailable } from './ports.ts';
import { ViewerStream } from './viewer-stream.ts';

/**
 * One browser watching one camera stream: a werift peer connection on its own UDP port, sending the
 * camera's H.264 and nothing else, from the moment DTLS is up until the browser leaves. It notices a
 * browser that left without saying so (a closed tab sends no WHEP DELETE) by the RTCP receiver
 * reports stopping; a browser that never completes ICE/DTLS is given up on too.
 */
export interface SessionOptions {
  id: string;
  token: string;
  claims: PlayClaims;
  feed: CameraFeed;
  /** Offer already narrowed to one H.264 payload type (sdp.ts). */
  offer: string;
  port: number;
  /** Address put in the host candidate: MEDIA_ANNOUNCED_IP or the host's own. */
  announcedIp: string;
  /** Address the UDP socket binds to (all interfaces unless set). */
  bindAddress: string;
  watchdogMs: number;
  connectTimeoutMs: number;
  log: Logger;
  onFirstPacket(): void;
  onClosed(reason: CloseReason): void;
}

export type CloseReason =
  | 'delete'
  | 'rtcp_timeout'
  | 'connect_timeout'
  | 'ice_failed'
  | 'feed_gone'
  | 'revoked'
  | 'shutdown'
  | 'error';

export class WebrtcSession {
  readonly createdAt = Date.now();
  private pc: RTCPeerConnection;
  private stream: ViewerStream | null = null;
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastRtcpAt = 0;
  private closed = false;
  private connectedAt: number | null = null;

  constructor(private readonly o: SessionOptions) {
    this.pc = new RTCPeerConnection({
      iceLite: true,
      iceServers: [],
      // Exactly one host candidate on exactly our port: werift otherwise opens a socket per interface
      // (and none on a host without a default route), so address discovery is switched off and the
      // announced address is the only "additional" one.
      iceUseIpv4: false,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: [o.announcedIp],
      iceInterfaceAddresses: { udp4: o.bindAddress, udp6: undefined },
      codecs: {
        video: [new RTCRtpCodecParameters({ mimeType: 'video/H264', clockRate: 90000 })],
        // Browsers' players often add an audio transceiver; it is answered and left inactive.
        audio: [
          new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 }),
          new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
        ],
      },
      headerExtensions: { video: [], audio: [] },
    });
    // werift refuses a one-port range in its constructor ("should not be same value") but binds a
    // [p, p] range fine; transports are made later (on the offer), from this config.
    this.pc.config.icePortRange = [o.port, o.port];
  }

  get id() {
    return this.o.id;
  }
  get token() {
    return this.o.token;
  }
  get claims() {
    return this.o.claims;
  }
  get port() {
    return this.o.port;
  }
  get isClosed() {
    return this.closed;
  }

  /** Negotiates and gathers (instant with ice-lite and one host candidate); returns the answer SDP. */
  async answer(): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: this.o.offer });
    const video = this.videoTransceiver();
    if (!video) throw new Error('no video transceiver after the offer');
    for (const t of this.pc.getTransceivers()) t.setDirection(t === video ? 'sendonly' : 'inactive');
    // DTLS server: the browser starts the handshake as soon as ICE is up, instead of waiting for
    // ours (measured 520 ms → 40 ms to the first packet).
    video.dtlsTransport.role = 'server';
    this.pc.connectionStateChange.subscribe((state) => this.onConnectionState(state, video));
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
    await this.gathered();
    this.timer = setInterval(() => this.watch(), 500);
    this.timer.unref();
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new Error('no local description');
    // werift swallows a failed bind while gathering and answers without candidates.
    if (!/^a=candidate:/m.test(sdp)) throw new PortUnavailable(this.o.port);
    return sdp;
  }

  close(reason: CloseReason): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.pc
      .close()
      .catch((err: unknown) => this.o.log.warn({ err, session: this.o.id }, 'peer connection close failed'));
    this.o.log.info(
      { session: this.o.id, camera: this.o.claims.cam, reason, packets: this.stream?.sent ?? 0 },
      'webrtc viewer closed',
    );
    this.o.onClosed(reason);
  }

  private videoTransceiver(): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.kind === 'video');
  }

  private gathered(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const { unSubscribe } = this.pc.iceGatheringStateChange.subscribe((s) => {
        if (s !== 'complete') return;
        unSubscribe();
        resolve();
      });
    });
  }

  private onConnectionState(state: string, video: RTCRtpTransceiver): void {
    if (state === 'connected' && this.connectedAt === null) this.startSending(video);
    else if (state === 'failed') this.close('ice_failed');
    else if (state === 'closed' && !this.closed) this.close('ice_failed');
  }

  private startSending(video: RTCRtpTransceiver): void {
    this.connectedAt = Date.now();
    this.lastRtcpAt = this.connectedAt;
    const sender = video.sender;
    const payloadType = sender.codec?.payloadType ?? 96;
    let first = true;
    const stream = new ViewerStream({
      payloadType,
      ssrc: sender.ssrc,
      params: () => this.o.feed.params(),
      send: (packet) => {
        // werift rewrites SSRC and payload type on what it parses from this buffer; the buffer is ours.
        sender
          .sendRtp(packet)
          .catch((err: unknown) => this.o.log.debug({ err, session: this.o.id }, 'rtp send failed'));
        if (first) {
          first = false;
          this.o.onFirstPacket();
        }
      },
    });
    this.stream = stream;
    video.dtlsTransport.onRtcp.subscribe((packet) => {
      this.lastRtcpAt = Date.now();
      // PSFB (206): PLI is FMT 1, FIR is FMT 4.
      const fmt =
        packet.type === 206 ? (packet as { feedback?: { count?: number } }).feedback?.count : undefined;
      if ((fmt === 1 || fmt === 4) && stream.requestKeyframe())
        this.o.log.debug({ session: this.o.id }, 'keyframe requested: resending cache');
    });
    const cache = () => this.o.feed.keyframeCache();
    this.unsubscribe = this.o.feed.subscribe({
      onAccessUnit: (au) => stream.onAccessUnit(au, cache),
      onRtp: (p) => stream.onRtp(p.raw, cache),
      onGap: () => stream.onGap(),
    });
    stream.start(cache());
    this.o.log.info(
      { session: this.o.id, camera: this.o.claims.cam, connectMs: this.connectedAt - this.createdAt },
      'webrtc viewer connected',
    );
  }

  private watch(): void {
    const now = Date.now();
    if (this.connectedAt === null) {
      if (now - this.createdAt > this.o.connectTimeoutMs) this.close('connect_timeout');
    } else if (now - this.lastRtcpAt > this.o.watchdogMs) this.close('rtcp_timeout');
  }
}
