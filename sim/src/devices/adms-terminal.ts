import { RetryableError, type Http } from '../http/client.ts';
import { terminalTime } from '../time.ts';

/**
 * A ZKTeco-style attendance terminal speaking the ADMS "iclock" push protocol (push 2.4.x), as in
 * shared/domain/protocols.md: a handshake that fetches the options, a heartbeat poll every `Delay`
 * seconds that may bring commands back, and ATTLOG uploads of TAB-separated lines in the terminal's
 * local time. Bytes go out as a terminal sends them: plain text, no Content-Type, the terminal's
 * user agent. Anything but HTTP 200 means "not stored": the terminal keeps the punches and re-sends.
 */

export interface AdmsOptions {
  delaySec: number;
  errorDelaySec: number;
  /** `TimeZone=` of the handshake (hours, or minutes for half-hour zones), if sent. */
  timeZone: number | null;
  realtime: boolean;
  raw: Record<string, string>;
}

export interface AttlogRecord {
  pin: string;
  /** The punch time on the terminal's own clock (which may be wrong). */
  deviceTime: number;
  status: 0 | 1;
  verify: 'fingerprint' | 'face';
}

const VERIFY_CODE = { fingerprint: 1, face: 15 } as const;
const HEADERS = { 'user-agent': 'iClock Proxy/1.09', accept: '*/*' };

/** `PIN \t YYYY-MM-DD HH:MM:SS \t status \t verify \t workcode \t 0 \t 0` (the 7-column layout). */
export function attlogLine(r: AttlogRecord, tzOffsetMinutes: number): string {
  return [r.pin, terminalTime(r.deviceTime, tzOffsetMinutes), r.status, VERIFY_CODE[r.verify], 0, 0, 0].join(
    '\t',
  );
}

/** Reads the `key=value` lines of a handshake reply. */
export function parseOptions(text: string): AdmsOptions {
  const raw: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq > 0) raw[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const num = (k: string, d: number) =>
    raw[k] !== undefined && Number.isFinite(Number(raw[k])) ? Number(raw[k]) : d;
  return {
    delaySec: Math.max(1, num('Delay', 10)),
    errorDelaySec: Math.max(1, num('ErrorDelay', 30)),
    timeZone: raw.TimeZone !== undefined ? num('TimeZone', 7) : null,
    realtime: raw.Realtime === '1',
    raw,
  };
}

/** `OK: 3`, `OK:3`, `OK` (then every line counts as stored). */
export function parseUploadReply(text: string, sent: number): number | null {
  const m = /^OK(?::\s*(\d+))?/.exec(text.trim());
  if (!m) return null;
  return m[1] !== undefined ? Number(m[1]) : sent;
}

export class AdmsTerminal {
  options: AdmsOptions | null = null;
  private stamp = 0;

  constructor(
    private readonly http: Http,
    readonly serial: string,
    readonly tzOffsetMinutes: number,
  ) {}

  private q(extra = ''): string {
    return `SN=${encodeURIComponent(this.serial)}${extra}`;
  }

  private async request(method: 'GET' | 'POST', path: string, body?: string): Promise<string> {
    const reply = await this.http.send(method, path, {
      headers: HEADERS,
      ...(body !== undefined ? { body: Buffer.from(body, 'utf8') } : {}),
    });
    if (reply.status !== 200)
      throw new RetryableError(
        `${method} ${path}: HTTP ${reply.status} ${reply.text.slice(0, 120)}`,
        reply.status,
      );
    return reply.text;
  }

  /** Power-on (or link back): fetch the options the server wants. */
  async handshake(): Promise<AdmsOptions> {
    const text = await this.request(
      'GET',
      `/iclock/cdata?${this.q('&options=all&pushver=2.4.1&language=69')}`,
    );
    if (!/GET OPTION FROM/i.test(text))
      throw new RetryableError(`handshake of ${this.serial}: unexpected reply ${text.slice(0, 120)}`);
    this.options = parseOptions(text);
    // After the options, terminals report what they are (step 2 of the protocol): `k=v` pairs joined
    // by commas, where values may hold commas themselves (the OEM vendor does).
    await this.request('POST', `/iclock/cdata?${this.q('&table=options')}`, `${this.deviceInfo()}\n`);
    return this.options;
  }

  private deviceInfo(): string {
    const digits = this.serial.replace(/\D/g, '').padStart(6, '0');
    return [
      '~DeviceName=SpeedFace-V5L',
      `~SerialNumber=${this.serial}`,
      'FWVersion=Ver 8.0.4.3-20220310',
      `IPAddress=10.${Number(digits.slice(-6, -4))}.${Number(digits.slice(-4, -2))}.${Number(digits.slice(-2)) + 10}`,
      `MAC=00:17:61:${digits.slice(-6, -4)}:${digits.slice(-4, -2)}:${digits.slice(-2)}`,
      '~ZKFPVersion=10',
      '~OEMVendor=ZKTECO CO., LTD.',
      'PushVersion=2.4.1',
    ].join(',');
  }

  /** Heartbeat and command poll; commands are acknowledged as done. Returns how many came. */
  async heartbeat(): Promise<number> {
    const text = await this.request('GET', `/iclock/getrequest?${this.q()}`);
    const commands = text
      .split(/\r?\n/)
      .map((l) => /^C:([^:]+):(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null);
    if (commands.length) {
      const body =
        commands.map(([, id, cmd]) => `ID=${id}&Return=0&CMD=${cmd!.split(' ')[0]}`).join('\n') + '\n';
      await this.request('POST', `/iclock/devicecmd?${this.q()}`, body);
    }
    return commands.length;
  }

  /** Uploads punches; returns the count the server says it stored. */
  async upload(records: AttlogRecord[]): Promise<number> {
    if (!records.length) return 0;
    const body = records.map((r) => attlogLine(r, this.tzOffsetMinutes)).join('\n') + '\n';
    this.stamp = Math.max(this.stamp, Math.floor(records[records.length - 1]!.deviceTime / 1000));
    const text = await this.request(
      'POST',
      `/iclock/cdata?${this.q(`&table=ATTLOG&Stamp=${this.stamp}`)}`,
      body,
    );
    const stored = parseUploadReply(text, records.length);
    if (stored === null)
      throw new RetryableError(`ATTLOG of ${this.serial}: reply is not OK: ${text.slice(0, 120)}`);
    return stored;
  }
}
