import WebSocket from 'ws';

/**
 * Plain clients of a media node's transports for tests (the WHEP one is webrtc/testing/werift-viewer):
 * what a player does, without a browser.
 */
export interface WsView {
  /** Resolves once the codec header came: the view is being served. */
  opened: Promise<void>;
  /** The close code and reason, and when (performance.now()). */
  closed: Promise<{ code: number; reason: string; at: number }>;
  messages(): number;
  close(): void;
}

/** An fMP4 viewer on `wsUrl` (…/live.mp4). */
export function wsView(wsUrl: string): WsView {
  const ws = new WebSocket(wsUrl);
  let n = 0;
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  ws.on('message', () => {
    if (n++ === 0) open();
  });
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), at: performance.now() })),
  );
  return { opened, closed, messages: () => n, close: () => ws.close(1000) };
}

/**
 * Opens an HLS view as a player does: the multivariant playlist (which claims the token), then its
 * media playlist; returns the media playlist's URL, which a player polls.
 */
export async function hlsView(hlsUrl: string): Promise<string> {
  const res = await fetch(hlsUrl);
  if (res.status !== 200) throw new Error(`HLS ${res.status}: ${await res.text()}`);
  const id = /^([A-Za-z0-9_-]{22})\/index\.m3u8$/m.exec(await res.text())?.[1];
  if (!id) throw new Error('HLS: no media playlist in the multivariant playlist');
  const url = new URL(`${id}/index.m3u8`, hlsUrl).toString();
  const first = await fetch(url);
  if (first.status !== 200) throw new Error(`HLS media playlist ${first.status}: ${await first.text()}`);
  await first.arrayBuffer();
  return url;
}

/** The status and error code of a refusal in the project's envelope. */
export async function errorOf(res: Response): Promise<[number, string]> {
  const body = (await res.json()) as { error?: { code?: string } };
  return [res.status, body.error?.code ?? ''];
}

/** `p`, or a rejection naming what did not happen in `ms` (a test then says which step hung). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
