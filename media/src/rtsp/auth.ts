import { createHash, randomBytes } from 'node:crypto';

export interface Credentials {
  username: string;
  password: string;
}

interface Challenge {
  scheme: 'basic' | 'digest';
  params: Map<string, string>;
}

/** Parses WWW-Authenticate values; Digest is preferred over Basic when a camera offers both. */
export function parseChallenges(headers: string[]): Challenge[] {
  const out: Challenge[] = [];
  for (const h of headers) {
    const m = /^\s*(Basic|Digest)\b(.*)$/i.exec(h);
    if (!m) continue;
    const params = new Map<string, string>();
    for (const p of m[2]!.matchAll(/([a-z0-9_-]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/gi))
      params.set(p[1]!.toLowerCase(), p[2] ?? p[3] ?? '');
    out.push({ scheme: m[1]!.toLowerCase() as Challenge['scheme'], params });
  }
  return out.sort((a, b) => (a.scheme === b.scheme ? 0 : a.scheme === 'digest' ? -1 : 1));
}

/**
 * Answers challenges for every later request of the session: Digest (RFC 2617, MD5, with or without
 * qop=auth; a counted nonce) or Basic.
 */
export class Authenticator {
  private nc = 0;

  constructor(
    private readonly creds: Credentials,
    private readonly challenge: Challenge,
    private readonly cnonce = randomBytes(8).toString('hex'),
  ) {}

  /** `cnonce`: fixed only by tests (RFC 2617's worked example). */
  static from(creds: Credentials, headers: string[], cnonce?: string): Authenticator | null {
    const c = parseChallenges(headers)[0];
    if (!c) return null;
    const algorithm = c.params.get('algorithm');
    if (c.scheme === 'digest' && algorithm && algorithm.toUpperCase() !== 'MD5') return null;
    return new Authenticator(creds, c, cnonce);
  }

  header(method: string, uri: string): string {
    const { username, password } = this.creds;
    if (this.challenge.scheme === 'basic')
      return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const p = this.challenge.params;
    const realm = p.get('realm') ?? '';
    const nonce = p.get('nonce') ?? '';
    const ha1 = md5(`${username}:${realm}:${password}`);
    const ha2 = md5(`${method}:${uri}`);
    const qop = (p.get('qop') ?? '')
      .split(',')
      .map((s) => s.trim())
      .includes('auth')
      ? 'auth'
      : null;
    const fields = [`username="${username}"`, `realm="${realm}"`, `nonce="${nonce}"`, `uri="${uri}"`];
    if (qop) {
      this.nc += 1;
      const nc = this.nc.toString(16).padStart(8, '0');
      fields.push(
        `response="${md5(`${ha1}:${nonce}:${nc}:${this.cnonce}:${qop}:${ha2}`)}"`,
        `qop=${qop}`,
        `nc=${nc}`,
        `cnonce="${this.cnonce}"`,
      );
    } else fields.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
    const opaque = p.get('opaque');
    if (opaque !== undefined) fields.push(`opaque="${opaque}"`);
    if (p.has('algorithm')) fields.push('algorithm=MD5');
    return `Digest ${fields.join(', ')}`;
  }
}

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}
