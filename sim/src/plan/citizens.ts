import { epochAt, type DayHours, type LocalDate, type ServiceDef } from '@pkk/core';
import { Rng } from '../random.ts';
import { MINUTE, toSecond } from '../time.ts';
import { PARAMS } from './params.ts';

const C = PARAMS.citizens;
const SLOT_MIN = 5;

/** A citizen coming to the office, with every random choice about them drawn up front. */
export interface Citizen {
  at: number;
  service: string;
  priority: boolean;
  channel: 'kiosk' | 'online' | 'whatsapp';
  /** How long they wait before giving up, ms. */
  patienceMs: number;
  noShow: boolean;
  /** Sent on to another service after the first desk (null: served where called). */
  transferTo: string | null;
  /** Multipliers of the standard service time, for the first and a transferred service. */
  serviceFactor: [number, number];
}

/** Citizens an office usually sees on a day (drawn once per office, so offices differ in size). */
export function officeDailyMean(seed: string, code: string): number {
  return Rng.from(seed, 'office-size', code).float(...C.dailyMean);
}

function hourWeight(epochMs: number, date: LocalDate, zone: string): number {
  const hour = Math.floor((epochMs - epochAt(date, '00:00', zone)) / (60 * MINUTE));
  return C.hourWeights[hour] ?? 0.1;
}

/**
 * Arrivals as a Poisson process whose rate follows the hour of day: the open span is cut into
 * 5-minute slots, each gets a Poisson count with mean ∝ its hour weight (scaled so the day's mean
 * is `dailyMean`), and arrival times are uniform within the slot.
 */
export function planCitizens(
  seed: string,
  date: LocalDate,
  zone: string,
  hours: DayHours,
  code: string,
  services: ServiceDef[],
  dailyMean: number,
): Citizen[] {
  const rng = Rng.from(seed, 'citizens', date, code);
  const open = epochAt(date, hours.start, zone);
  const close = epochAt(date, hours.end, zone) - C.lastTicketBeforeEndMin * MINUTE;
  const slots: { at: number; w: number }[] = [];
  for (let t = open; t < close; t += SLOT_MIN * MINUTE)
    slots.push({
      at: t,
      w: hourWeight(t, date, zone) * (Math.min(close - t, SLOT_MIN * MINUTE) / (SLOT_MIN * MINUTE)),
    });
  const total = slots.reduce((s, x) => s + x.w, 0);
  if (total === 0 || services.length === 0) return [];

  const weights = services.map((s) => [s.code, C.serviceWeights[s.code] ?? 5] as const);
  const out: Citizen[] = [];
  for (const slot of slots) {
    const n = rng.poisson((dailyMean * slot.w) / total);
    for (let i = 0; i < n; i++) {
      const service = rng.weighted(weights);
      const others = services.filter((s) => s.code !== service);
      out.push({
        at: toSecond(Math.min(close - 1000, slot.at + rng.next() * SLOT_MIN * MINUTE)),
        service,
        priority: rng.chance(C.priorityChance),
        channel: rng.weighted(C.channels),
        patienceMs: rng.lognormal(C.patienceMedianMin, C.patienceSigma) * MINUTE,
        noShow: rng.chance(C.noShowChance),
        transferTo: others.length && rng.chance(C.transferChance) ? rng.pick(others).code : null,
        serviceFactor: [
          rng.lognormal(C.serviceMedianFactor, C.serviceSigma),
          rng.lognormal(C.serviceMedianFactor, C.serviceSigma),
        ],
      });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}
