/// <reference lib="dom" />
// The page functions below run in Chromium: they need the DOM's types, the rest of media does not.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Test harness: headless Debian Chromium playing WHEP from a page on another origin than the media
 * server (so CORS is exercised as in production, where the web app's origin calls the media node).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** A blank page on its own origin. */
export async function pageOrigin(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end('<!doctype html><html><body><video id="v" muted playsinline autoplay></video></body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface PlayResult {
  status: number;
  location: string | null;
  error?: string;
  /** ms from just before the POST to the first frame the video element presented. */
  firstFrameMs?: number;
  /** ms from the POST to the answer and to each connection state. */
  marks?: Record<string, number>;
}

/** Starts WHEP playback in the page; the page keeps counting frames in `window.__frames`. */
export async function playWhep(
  page: Page,
  whepUrl: string,
  kind: 'video' | 'audio-only' = 'video',
): Promise<PlayResult> {
  return page.evaluate(
    async ({ whepUrl, kind }) => {
      const w = window as unknown as { __frames: number[]; __pc: RTCPeerConnection };
      w.__frames = [];
      const video = document.getElementById('v') as HTMLVideoElement;
      const pc = new RTCPeerConnection();
      w.__pc = pc;
      pc.addTransceiver(kind === 'video' ? 'video' : 'audio', { direction: 'recvonly' });
      if (kind === 'video') pc.addTransceiver('audio', { direction: 'recvonly' });
      let firstAt = 0;
      const first = new Promise<number>((resolve) => {
        pc.ontrack = (e) => {
          if (e.track.kind !== 'video') return;
          video.srcObject = new MediaStream([e.track]);
          void video.play();
          const onFrame = (now: number, meta: VideoFrameCallbackMetadata) => {
            w.__frames.push(meta.mediaTime);
            if (w.__frames.length === 1) resolve(now);
            video.requestVideoFrameCallback(onFrame);
          };
          video.requestVideoFrameCallback(onFrame);
        };
      });
      await pc.setLocalDescription(await pc.createOffer());
      // No waiting for the browser's candidates: an ice-lite server learns its address from its checks.
      const t0 = performance.now();
      const marks: Record<string, number> = {};
      pc.onconnectionstatechange = () => (marks[pc.connectionState] = Math.round(performance.now() - t0));
      const res = await fetch(whepUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp' },
        body: pc.localDescription!.sdp,
      });
      if (res.status !== 201) return { status: res.status, location: null, error: await res.text() };
      marks.answer = Math.round(performance.now() - t0);
      const location = new URL(res.headers.get('Location')!, whepUrl).toString();
      await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
      firstAt = await Promise.race([first, new Promise<number>((r) => setTimeout(() => r(-1), 10_000))]);
      return { status: 201, location, firstFrameMs: firstAt < 0 ? -1 : Math.round(firstAt - t0), marks };
    },
    { whepUrl, kind },
  );
}

export function framesSeen(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __frames: number[] }).__frames.slice());
}

export function waitFrames(page: Page, n: number, timeout = 5000): Promise<unknown> {
  return page.waitForFunction((k) => (window as unknown as { __frames: number[] }).__frames.length >= k, n, {
    timeout,
  });
}

/** What the browser's receiver says about the video so far (WebRTC stats of the inbound stream). */
export function inboundVideo(
  page: Page,
): Promise<{ framesDecoded: number; framesDropped: number; jitterBufferMs: number; packetsLost: number }> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { __pc: RTCPeerConnection }).__pc;
    const stats = await pc.getStats();
    let found = null as null | {
      framesDecoded: number;
      framesDropped: number;
      jitterBufferMs: number;
      packetsLost: number;
    };
    stats.forEach((s) => {
      if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
      const emitted = s.jitterBufferEmittedCount || 1;
      found = {
        framesDecoded: s.framesDecoded ?? 0,
        framesDropped: s.framesDropped ?? 0,
        jitterBufferMs: Math.round((1000 * (s.jitterBufferDelay ?? 0)) / emitted),
        packetsLost: s.packetsLost ?? 0,
      };
    });
    return found ?? { framesDecoded: 0, framesDropped: 0, jitterBufferMs: -1, packetsLost: -1 };
  });
}
