/**
 * WebRTC live view (WHEP) of the media role. The http app mounts `whepRouter` and its error handler
 * renders the ApiErrors; main builds `WebrtcSessions` from `webrtcConfig(env)` and closes them on
 * shutdown.
 */
export { whepRouter, type WhepServices } from './whep-router.ts';
export { WebrtcSessions } from './sessions.ts';
export { webrtcConfig, hostAddress, type WebrtcConfig } from './config.ts';
export { PortPool, PortUnavailable } from './ports.ts';
export type { CloseReason } from './session.ts';
