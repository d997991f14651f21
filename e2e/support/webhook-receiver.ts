import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookBody } from '@pkk/core';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingMessage['headers'];
  body: WebhookBody;
}

/**
 * A real local HTTP receiver of Alertmanager webhooks (a Telegram or WhatsApp bridge), that can go
 * down for real (its port closed, connections refused) and come back on the same port. `hold`
 * keeps the next request unanswered until released: a sender caught mid-request.
 */
export class WebhookReceiver {
  readonly got: ReceivedWebhook[] = [];
  private server = createServer((req, res) => this.handle(req, res));
  private held: ((status: number) => void)[] = [];
  /** Requests to leave unanswered (they still count as received). */
  hold = 0;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Down: the port closed and every connection cut, as a crashed bridge. */
  async stop(): Promise<void> {
    for (const release of this.held.splice(0)) release(503);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.server = createServer((req, res) => this.handle(req, res));
  }

  /** Answers the held requests. */
  release(status = 200): void {
    for (const r of this.held.splice(0)) r(status);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.got.push({
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString()) as WebhookBody,
      });
      if (this.hold > 0) {
        this.hold -= 1;
        this.held.push((status) => res.writeHead(status).end());
        return;
      }
      res.writeHead(200).end();
    });
  }
}
