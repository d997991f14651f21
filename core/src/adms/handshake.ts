/**
 * The reply to a terminal's handshake (`GET /iclock/cdata?SN=…&options=all`): `GET OPTION FROM: <SN>`
 * then `Key=Value` lines, LF-separated. It tells the terminal how often to poll, when to retry after
 * an error, what to upload and in which zone to keep its clock (it sets the clock from the reply's
 * HTTP `Date` header plus `TimeZone`).
 */

export interface HandshakeOptions {
  serial: string;
  /** The request's `pushver`; absent on firmware older than push protocol versioning. */
  pushVersion: string | null;
  /** Seconds between command polls (`Delay`). */
  delaySeconds: number;
  /** Seconds before a terminal retries a failed upload (`ErrorDelay`). */
  errorDelaySeconds: number;
  /** The terminal's offset east of UTC, in minutes: the zone its punches are read in. */
  timeZoneMinutes: number;
  /**
   * Upload stamp. A low stamp asks the terminal for everything newer than it, i.e. everything it holds;
   * storage is idempotent, so a re-upload costs bandwidth, never duplicates. Newer firmware ignores it.
   * Deliberately not the last stamp received: a terminal that was reset or swapped under the same
   * serial counts its stamps from zero again and would hold back every punch below an echoed stamp.
   */
  stamp?: string;
  serverVersion?: string;
}

/** Modern firmware reads a list of what to upload; older firmware a bit mask in the same order. */
const TRANS_FLAG_MODERN = 'TransData AttLog\tOpLog\tAttPhoto\tEnrollUser\tChgUser';
const TRANS_FLAG_LEGACY = '1111000000';

/** `TimeZone` is hours for whole-hour zones (7 for WIB) and minutes otherwise (330 for India). */
export function timeZoneValue(offsetMinutes: number): string {
  return String(offsetMinutes % 60 === 0 ? offsetMinutes / 60 : offsetMinutes);
}

export function buildHandshake(o: HandshakeOptions): string {
  const stamp = o.stamp ?? '9999';
  // Terminals with `pushver` read the ATTLOG/OPERLOG/ATTPHOTO stamp keys, older ones Stamp/OpStamp/
  // PhotoStamp. Both sets are sent, the terminal's own first: each ignores keys it does not know.
  const modernStamps = [`ATTLOGStamp=${stamp}`, `OPERLOGStamp=${stamp}`, `ATTPHOTOStamp=${stamp}`];
  const legacyStamps = [`Stamp=${stamp}`, `OpStamp=${stamp}`, `PhotoStamp=${stamp}`];
  const modern = o.pushVersion !== null;
  const lines = [
    `GET OPTION FROM: ${o.serial}`,
    ...(modern ? [...modernStamps, ...legacyStamps] : [...legacyStamps, ...modernStamps]),
    `ErrorDelay=${o.errorDelaySeconds}`,
    `Delay=${o.delaySeconds}`,
    'TransTimes=00:00;14:05',
    'TransInterval=1',
    `TransFlag=${modern ? TRANS_FLAG_MODERN : TRANS_FLAG_LEGACY}`,
    `TimeZone=${timeZoneValue(o.timeZoneMinutes)}`,
    'Realtime=1',
    'Encrypt=0',
    `ServerVer=${o.serverVersion ?? '2.4.1 PKK'}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The reply to `GET /iclock/cdata?SN=…&type=time` (PUSH SDK 3.2.0): the server time in the terminal's
 * zone, `Time=YYYY-MM-DDThh:mm:ss±hh:mm`. Most firmware uses the `Date` header instead.
 */
export function timeReply(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `Time=${local}${sign}${hh}:${mm}`;
}
