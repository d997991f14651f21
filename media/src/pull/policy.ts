import { restartDelayMs } from '@pkk/platform/infra/managed-process';

/**
 * A pulled camera counts as offline when no picture arrived for this long (real ms). Not the
 * devices' offlineAfterSeconds (two minutes, for terminals that report on timers): a camera sends
 * 15 to 30 pictures a second, so a few seconds of silence is already a broken stream.
 */
export const CAMERA_STALL_MS = 5_000;

/** Reconnect backoff: the platform's restart policy (0.5 s doubling to 15 s). */
export const reconnectDelayMs = restartDelayMs;

/** Bounds of the keyframe cache: a camera with a huge GOP must not hold a minute of video per stream. */
export const MAX_CACHE_UNITS = 300;
export const MAX_CACHE_BYTES = 8 * 1024 * 1024;
