import { rawRequest, TERMINAL_HEADERS, type RawReply } from './raw-http.ts';

/** A test stand-in for one ADMS terminal: the requests it makes, byte for byte as terminals make them. */
export class FakeTerminal {
  constructor(
    private readonly baseUrl: string,
    readonly serial: string,
    private readonly prefix = '/iclock',
  ) {}

  handshake(query = '&options=all&pushver=2.4.1&language=69'): Promise<RawReply> {
    return rawRequest(this.baseUrl, {
      method: 'GET',
      target: `${this.prefix}/cdata?SN=${this.serial}${query}`,
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
      headers: opts.headers ?? TERMINAL_HEADERS,
      body,
    });
  }

  attlog(body: Buffer | string, headers?: [string, string][]): Promise<RawReply> {
    return this.upload('ATTLOG', typeof body === 'string' ? Buffer.from(body, 'latin1') : body, { headers });
  }

  poll(path = 'getrequest'): Promise<RawReply> {
    return rawRequest(this.baseUrl, { method: 'GET', target: `${this.prefix}/${path}?SN=${this.serial}` });
  }

  commandResults(body: string, path = 'devicecmd'): Promise<RawReply> {
    return rawRequest(this.baseUrl, {
      method: 'POST',
      target: `${this.prefix}/${path}?SN=${this.serial}`,
      body: Buffer.from(body, 'latin1'),
    });
  }
}
