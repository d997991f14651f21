import net from 'node:net';
import tls from 'node:tls';
import { Authenticator, type Credentials } from './auth.ts';
import { RtspFramer, type RtspResponse } from './framing.ts';
import { parseSdp, type SdpInfo, type SdpVideoTrack } from './sdp.ts';

export interface RtspSession {
  sdp: SdpInfo;
  video: SdpVideoTrack;
  /** Seconds the server keeps the session without a request (Session: …;timeout=). */
  timeoutSeconds: number;
}

export interface RtspClientOptions {
  url: string;
  /** The RTP packets of the video track (interleaved channel 0). */
  onRtp(packet: Buffer): void;
  /** The connection ended (error, server close, keepalive failure) after start() resolved. */
  onClose(err: Error | null): void;
  timeoutMs?: number;
  userAgent?: string;
}

export class RtspError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RtspError';
  }
}

const DEFAULT_SESSION_TIMEOUT_S = 60;

/**
 * One RTSP session over one TCP (or TLS) connection: OPTIONS, DESCRIBE, SETUP (RTP interleaved on
 * the same connection: no UDP ports, works through NAT and firewalls), PLAY, a keepalive well within
 * the session timeout, TEARDOWN on close. Basic and Digest authentication from the URL's user
 * info. Video only: audio tracks are not set up.
 */
export class RtspClient {
  private socket: net.Socket | null = null;
  private readonly framer = new RtspFramer();
  private cseq = 0;
  private readonly pending = new Map<
    number,
    { resolve(r: RtspResponse): void; reject(e: Error): void; timer: NodeJS.Timeout }
  >();
  private auth: Authenticator | null = null;
  private session: string | null = null;
  private keepalive: NodeJS.Timeout | null = null;
  private closed = false;
  private started = false;
  private readonly url: string;
  private readonly creds: Credentials | null;
  private supportsGetParameter = false;

  constructor(private readonly opts: RtspClientOptions) {
    const u = new URL(opts.url);
    if (u.protocol !== 'rtsp:' && u.protocol !== 'rtsps:')
      throw new RtspError(`not an RTSP URL: ${u.protocol}`);
    this.creds = u.username
      ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) }
      : null;
    u.username = '';
    u.password = '';
    this.url = u.toString();
  }

  /** Connects and plays; resolves once PLAY is answered (packets may already be flowing). */
  async start(): Promise<RtspSession> {
    await this.connect();
    try {
      const options = await this.request('OPTIONS', this.url);
      this.supportsGetParameter = /GET_PARAMETER/i.test(options.headers.get('public')?.join(',') ?? '');
      const describe = await this.request('DESCRIBE', this.url, { Accept: 'application/sdp' });
      const base =
        describe.headers.get('content-base')?.[0] ??
        describe.headers.get('content-location')?.[0] ??
        this.url;
      const sdp = parseSdp(describe.body.toString('utf8'), base);
      if (!sdp.video) throw new RtspError('the camera offers no H.264 video track');
      const setup = await this.request('SETUP', sdp.video.controlUrl, {
        Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1',
      });
      const sessionHeader = setup.headers.get('session')?.[0];
      if (!sessionHeader) throw new RtspError('SETUP answered without a Session header');
      const [id, ...params] = sessionHeader.split(';');
      this.session = id!.trim();
      const timeout = params.map((p) => /^\s*timeout\s*=\s*(\d+)/i.exec(p)?.[1]).find(Boolean);
      const timeoutSeconds = timeout ? Math.max(5, Number(timeout)) : DEFAULT_SESSION_TIMEOUT_S;
      await this.request('PLAY', sdp.sessionControl, { Range: 'npt=0.000-' });
      this.started = true;
      this.startKeepalive(timeoutSeconds);
      return { sdp, video: sdp.video, timeoutSeconds };
    } catch (err) {
      this.destroy(err as Error);
      throw err;
    }
  }

  /** Ends the session politely (TEARDOWN, not awaited for long) and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.session && this.socket && !this.socket.destroyed) {
      await Promise.race([
        this.request('TEARDOWN', this.url).catch(() => undefined),
        new Promise((r) => setTimeout(r, 500)),
      ]);
    }
    this.destroy(null);
  }

  private connect(): Promise<void> {
    const u = new URL(this.url);
    const port = Number(u.port || (u.protocol === 'rtsps:' ? 322 : 554));
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return new Promise((resolve, reject) => {
      const socket =
        u.protocol === 'rtsps:' ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
      this.socket = socket;
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RtspError(`connect to ${host}:${port} timed out`));
      }, this.opts.timeoutMs ?? 10_000);
      socket.once(u.protocol === 'rtsps:' ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('error', (err) => {
        clearTimeout(timer);
        if (!this.started) reject(new RtspError(`${err.message}`));
        this.destroy(err);
      });
      socket.on('close', () =>
        this.destroy(this.closed ? null : new RtspError('connection closed by the camera')),
      );
    });
  }

  private onData(chunk: Buffer): void {
    let frames;
    try {
      frames = this.framer.push(chunk);
    } catch (err) {
      return this.destroy(err as Error);
    }
    for (const f of frames) {
      if (f.kind === 'interleaved') {
        if (f.channel === 0) this.opts.onRtp(f.data);
      } else if (f.kind === 'response') {
        const cseq = Number(f.response.headers.get('cseq')?.[0]);
        const p = this.pending.get(cseq);
        if (!p) continue;
        this.pending.delete(cseq);
        clearTimeout(p.timer);
        p.resolve(f.response);
      } else if (f.cseq !== null && this.socket && !this.socket.destroyed) {
        // A server request (ANNOUNCE, GET_PARAMETER as ping): answer so the server does not wait.
        this.socket.write(`RTSP/1.0 501 Not Implemented\r\nCSeq: ${f.cseq}\r\n\r\n`);
      }
    }
  }

  private async request(
    method: string,
    uri: string,
    headers: Record<string, string> = {},
  ): Promise<RtspResponse> {
    let res = await this.send(method, uri, headers);
    if (res.status === 401 && this.creds) {
      const auth = Authenticator.from(this.creds, res.headers.get('www-authenticate') ?? []);
      if (!auth) throw new RtspError(`${method}: unsupported authentication challenge`, 401);
      this.auth = auth;
      res = await this.send(method, uri, headers);
    }
    if (res.status !== 200)
      throw new RtspError(`${method} answered ${res.status} ${res.reason}`.trim(), res.status);
    return res;
  }

  private send(method: string, uri: string, headers: Record<string, string>): Promise<RtspResponse> {
    const socket = this.socket;
    if (!socket || socket.destroyed || this.closed) return Promise.reject(new RtspError('not connected'));
    const cseq = ++this.cseq;
    const lines = [
      `${method} ${uri} RTSP/1.0`,
      `CSeq: ${cseq}`,
      `User-Agent: ${this.opts.userAgent ?? 'pkk-media'}`,
    ];
    if (this.session) lines.push(`Session: ${this.session}`);
    if (this.auth) lines.push(`Authorization: ${this.auth.header(method, uri)}`);
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(cseq);
        reject(new RtspError(`${method} not answered within ${(this.opts.timeoutMs ?? 10_000) / 1000} s`));
      }, this.opts.timeoutMs ?? 10_000);
      this.pending.set(cseq, { resolve, reject, timer });
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  }

  /** Half the session timeout, so one late answer still keeps the session. */
  private startKeepalive(timeoutSeconds: number): void {
    const every = Math.max(2_000, (timeoutSeconds * 1000) / 2);
    this.keepalive = setInterval(() => {
      const method = this.supportsGetParameter ? 'GET_PARAMETER' : 'OPTIONS';
      this.request(method, this.url).catch((err: Error) =>
        this.destroy(new RtspError(`keepalive failed: ${err.message}`)),
      );
    }, every);
    this.keepalive.unref();
  }

  private destroy(err: Error | null): void {
    if (this.closed) return;
    this.closed = true;
    if (this.keepalive) clearInterval(this.keepalive);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err ?? new RtspError('session closed'));
    }
    this.pending.clear();
    this.socket?.destroy();
    if (this.started) this.opts.onClose(err);
  }
}
