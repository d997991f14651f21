import { rawRequest, TERMINAL_HEADERS, type RawReply } from './raw-http.ts';

/** A test stand-in for one ADMS terminal: the requests it makes, byte for byte as terminals make them. */
export class FakeTerminal {
  constructor(
    private readonly baseUrl: string,
    readonly serial: string,
    private readonly prefix = '/iclock',
    private readonly headers: [string, string][] = TERMINAL_HEADERS,
  ) {}

  /**
   * The same terminal seen from `address`: the api trusts X-Forwarded-For from loopback (a reverse
   * proxy on the host), which is where tests connect from.
   */
  from(address: string): FakeTerminal {
    return new FakeTerminal(this.baseUrl, this.serial, this.prefix, [
      ...TERMINAL_HEADERS,
      ['X-Forwarded-For', address],
    ]);
  }

  handshake(query = '&options=all&pushver=2.4.1&language=69'): Promise<RawReply> {
    return rawRequest(this.baseUrl, {
      method: 'GET',
      target: `${this.prefix}/cdata?SN=${this.serial}${query}`,
      headers: this.headers,
    });
  }

  upload(
    table: string | null,
    body: Buffer,
    opts: { headers?: [string, string][]; path?: string; extraQuery?: string } = {},
  ): Promise<RawReply> {
    const q = table === null ? '' : `&table=${table}&Stamp=9999`;
    return rawRequest(this.baseUrl, {
      method: 'POST',
      target: `${this.prefix}/${opts.path ?? 'cdata'}?SN=${this.serial}${q}${opts.extraQuery ?? ''}`,
      headers: opts.headers ?? this.headers,
      body,
    });
  }

  attlog(body: Buffer | string, headers?: [string, string][]): Promise<RawReply> {
    return this.upload('ATTLOG', typeof body === 'string' ? Buffer.from(body, 'latin1') : body, { headers });
  }

  poll(path = 'getrequest'): Promise<RawReply> {
    return rawRequest(this.baseUrl, {
      method: 'GET',
      target: `${this.prefix}/${path}?SN=${this.serial}`,
      headers: this.headers,
    });
  }

  commandResults(body: string, path = 'devicecmd'): Promise<RawReply> {
    return rawRequest(this.baseUrl, {
      method: 'POST',
      target: `${this.prefix}/${path}?SN=${this.serial}`,
      headers: this.headers,
      body: Buffer.from(body, 'latin1'),
    });
  }
}
