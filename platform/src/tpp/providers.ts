import type { ApelRecord, GateStatus, KinerjaResult, MonthId, SanctionEntry } from '@pkk/core';
import type { Db } from '../db/index.ts';

/**
 * What the TPP run reads from other parts of the product, as seams: the kinerja result and payment
 * gate of each officer (the kinerja module), the sanctions register (the organisation module) and the
 * apel records (only when tpp.yaml counts apel, R3.6). Each is a function of (db, month, NIPs), so the
 * run gathers a month in a few queries whatever the number of officers.
 *
 * The defaults read what the product stores today: no kinerja data yet, so every officer's month is
 * "not submitted" (R1.3 / R1.5 as tpp.yaml says: withheld by default), no sanctions, no apel record.
 * The lead wires the real providers (platform/src/kinerja/month-inputs.ts, the sanctions register) in
 * `tppProviders` below when those land.
 */
export interface KinerjaMonth {
  kinerja: KinerjaResult | null;
  gate: GateStatus;
}

export interface TppProviders {
  kinerja(db: Db, month: MonthId, nips: readonly string[]): Promise<Map<string, KinerjaMonth>>;
  sanctions(db: Db, month: MonthId, nips: readonly string[]): Promise<Map<string, SanctionEntry[]>>;
  apel(db: Db, month: MonthId, nips: readonly string[]): Promise<Map<string, ApelRecord[]>>;
}

/** The gate of an officer of whom the kinerja module knows nothing: nothing submitted, nothing checked. */
export const NOTHING_SUBMITTED: GateStatus = {
  submitted: false,
  validated: false,
  validator: null,
  verified: false,
};

export const defaultProviders: TppProviders = {
  kinerja: async () => new Map(),
  sanctions: async () => new Map(),
  apel: async () => new Map(),
};

/** The providers the api and the workers use: the defaults, until the kinerja and sanctions modules land. */
export function tppProviders(): TppProviders {
  return defaultProviders;
}
