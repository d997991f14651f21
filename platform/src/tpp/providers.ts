import type { ApelRecord, GateStatus, KinerjaResult, MonthId, SanctionEntry } from '@pkk/core';
import type { Db } from '../db/index.ts';
import { kinerjaMonthInputs } from '../kinerja/month-inputs.ts';
import { sanctionEntriesFor } from '../org/sanctions.ts';

/**
 * What the TPP run reads from other parts of the product, as seams: the kinerja result and payment
 * gate of each officer (the kinerja module), the sanctions register (the organisation module) and the
 * apel records (only when tpp.yaml counts apel, R3.6). Each is a function of (db, month, NIPs), so the
 * run gathers a month in a few queries whatever the number of officers.
 *
 * `defaultProviders` know nothing (every month "not submitted", no sanctions, no apel record): tests
 * that price findings alone use them. The product reads the kinerja module and the sanctions register.
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

/**
 * The providers the api and the workers use: targets, evidence and validations from the kinerja module,
 * the sanctions register; apel is not recorded anywhere yet, so it is never counted (R3.6: never guessed).
 */
export function tppProviders(): TppProviders {
  return {
    kinerja: (db, month, nips) => kinerjaMonthInputs(db, month, nips),
    sanctions: (db, _month, nips) => sanctionEntriesFor(db, nips),
    apel: async () => new Map(),
  };
}
