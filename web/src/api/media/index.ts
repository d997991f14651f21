import type { Transport } from '@pkk/core';
import { startFmp4 } from './fmp4.ts';
import { startHls } from './hls.ts';
import type { StartTransport } from './types.ts';
import { startWhep } from './whep.ts';

export { capabilities } from './capabilities.ts';
export type { TransportSession } from './types.ts';

/** The transports by name: one file each. */
export const TRANSPORTS: Record<Transport, StartTransport> = {
  webrtc: startWhep,
  fmp4: startFmp4,
  hls: startHls,
};
