import os from 'node:os';
import { z } from 'zod';
import type { Env } from '@pkk/platform/config/env';
import { PortPool } from './ports.ts';

/**
 * The WebRTC settings of a media process, from the validated env. MEDIA_MAX_WEBRTC_VIEWERS is read
 * here until platform's env schema carries it: one Node process relaying H.264 holds about 35 to 40
 * viewers at 2.4 Mbit/s before the event loop falls behind, so the default stays below that.
 */
export interface WebrtcConfig {
  ports: PortPool;
  announcedIp: string;
  bindAddress: string;
  maxViewers: number;
  /** Close a connected viewer after this long without any RTCP from it. */
  watchdogMs: number;
  /** Close a viewer that has not completed ICE and DTLS this long after its offer. */
  connectTimeoutMs: number;
  /** TURN servers handed to browsers in WHEP `Link` headers (RFC 9725 §4.6). */
  iceServers: { urls: string[]; username?: string; credential?: string }[];
}

const extra = z.object({
  MEDIA_MAX_WEBRTC_VIEWERS: z.coerce.number().int().min(1).max(1000).default(30),
});

type RtcEnv = Pick<
  Env,
  'MEDIA_RTC_PORTS' | 'MEDIA_ANNOUNCED_IP' | 'TURN_URLS' | 'TURN_USERNAME' | 'TURN_CREDENTIAL'
>;

export function webrtcConfig(env: RtcEnv, source: NodeJS.ProcessEnv = process.env): WebrtcConfig {
  const { MEDIA_MAX_WEBRTC_VIEWERS } = extra.parse({
    MEDIA_MAX_WEBRTC_VIEWERS: source.MEDIA_MAX_WEBRTC_VIEWERS,
  });
  const turn = env.TURN_URLS.split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  return {
    ports: PortPool.parse(env.MEDIA_RTC_PORTS),
    announcedIp: env.MEDIA_ANNOUNCED_IP ?? hostAddress(),
    bindAddress: '0.0.0.0',
    maxViewers: MEDIA_MAX_WEBRTC_VIEWERS,
    watchdogMs: 5000,
    connectTimeoutMs: 15000,
    iceServers: turn.length
      ? [{ urls: turn, username: env.TURN_USERNAME, credential: env.TURN_CREDENTIAL }]
      : [],
  };
}

/**
 * The host's first external IPv4 address; loopback when it has none (a host with no default route
 * would otherwise offer no candidate at all, and a browser on the same machine still connects).
 */
export function hostAddress(interfaces = os.networkInterfaces()): string {
  for (const name of Object.keys(interfaces).sort()) {
    for (const a of interfaces[name] ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
