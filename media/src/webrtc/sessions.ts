import { randomUUID } from 'node:crypto';
import { RTCDtlsTransport } from 'werift';
import type { PlayClaims } from '@pkk/core';
import type { Logger } from '@pkk/platform/infra/logger';
import type { CameraFeed } from '../feed.ts';
import type { WebrtcConfig } from './config.ts';
import { PortUnavailable } from './ports.ts';
import { WebrtcSession, type CloseReason } from './session.ts';

/**
 * The WebRTC viewers of this process: the viewer cap, the port each one holds, and the session ids
 * WHEP DELETE names. A slot is taken before the feed is acquired and the peer connection built, so
 * a burst of offers cannot overshoot the cap.
 */
export interface OpenSession {
  token: string;
  claims: PlayClaims;
  feed: CameraFeed;
  release(): void;
  offer: string;
  onViewStart(): void;
  onViewEnd(reason: CloseReason): void;
}

export interface Slot {
  port: number;
  /** The offer was refused before a session was built: the slot and its port are free again. */
  cancel(): void;
  /** The session now owns the port (freed when it closes). */
  adopt(): void;
}

export class WebrtcSessions {
  private readonly byId = new Map<string, WebrtcSession>();
  private reserved = 0;

  constructor(
    readonly config: WebrtcConfig,
    private readonly log: Logger,
  ) {}

  /**
   * Makes the process's DTLS certificate (werift shares one across peers) before the first viewer,
   * so the first mayor's tap does not pay for it. Call once at start.
   */
  async prepare(): Promise<void> {
    await RTCDtlsTransport.SetupCertificate();
  }

  get count(): number {
    return this.byId.size + this.reserved;
  }

  /** A slot and a port, or null when the process is full. Release the slot with `cancel` if unused. */
  reserve(): Slot | null {
    if (this.count >= this.config.maxViewers) return null;
    const port = this.config.ports.take();
    if (port === null) return null;
    this.reserved++;
    let done = false;
    const settle = (freePort: boolean) => {
      if (done) return;
      done = true;
      this.reserved--;
      if (freePort) this.config.ports.release(port);
    };
    return { port, cancel: () => settle(true), adopt: () => settle(false) };
  }

  /** Builds the session on a reserved port and returns it with its SDP answer. */
  async open(slot: Slot, o: OpenSession): Promise<{ session: WebrtcSession; answer: string }> {
    const id = randomUUID();
    let closedReason: CloseReason | null = null;
    const session = new WebrtcSession({
      id,
      token: o.token,
      claims: o.claims,
      feed: o.feed,
      offer: o.offer,
      port: slot.port,
      announcedIp: this.config.announcedIp,
      bindAddress: this.config.bindAddress,
      watchdogMs: this.config.watchdogMs,
      connectTimeoutMs: this.config.connectTimeoutMs,
      log: this.log,
      onFirstPacket: o.onViewStart,
      onClosed: (reason) => {
        closedReason = reason;
        if (this.byId.get(id) === session) this.byId.delete(id);
        this.config.ports.release(slot.port);
        o.release();
        o.onViewEnd(reason);
      },
    });
    // The slot becomes the session: counted once, and from now on freed by the session's close.
    slot.adopt();
    this.byId.set(id, session);
    try {
      const answer = await session.answer();
      if (closedReason !== null) throw new Error(`session closed while answering (${closedReason})`);
      return { session, answer };
    } catch (err) {
      session.close('error');
      if (err instanceof PortUnavailable) {
        this.config.ports.retire(slot.port);
        this.log.error({ port: slot.port }, 'RTC port in use by another program: taken out of the pool');
      }
      throw err;
    }
  }

  get(id: string): WebrtcSession | undefined {
    return this.byId.get(id);
  }

  /** Closes every viewer (process shutdown). */
  closeAll(reason: CloseReason = 'shutdown'): void {
    for (const s of [...this.byId.values()]) s.close(reason);
  }
}
