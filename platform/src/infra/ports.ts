import net from 'node:net';

/** Ports a demo may be using on this machine (api, embedded PostgreSQL, local Redis): never handed out. */
const RESERVED = new Set([8080, 55432, 56379]);

/** A TCP port free on 127.0.0.1 right now, for tests and benchmarks that start their own servers. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    if (!RESERVED.has(port)) return port;
  }
}
