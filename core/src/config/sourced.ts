import { z } from 'zod';

/**
 * A regional-policy value with its provenance, as config/tpp.yaml and config/kinerja.yaml write every
 * value: `{ value, status, source, rule }`. `status` says whether the cited source states it (FOUND) or
 * it is a common pattern or an assumption (TYPICAL, which screens must show as an assumption);
 * `source` names the source notes (S1, S2 … of shared/domain/regional-rules.md, or a regulation);
 * `rule` the rule-sheet entry (R1.2, GAP 3 …) it implements.
 */
export const valueStatus = z.enum(['FOUND', 'TYPICAL']);
export type ValueStatus = z.infer<typeof valueStatus>;

const provenance = {
  status: valueStatus,
  source: z.string().min(1).max(300),
  rule: z
    .string()
    .regex(/^(R\d+\.\d+[a-z]?|GAP \d+)$/, 'expected a rule-sheet id like R3.1 or GAP 3')
    .max(20),
  /** Why, or what the alternatives are, in a sentence a screen can show. */
  note: z.string().max(500).optional(),
};

export function sourced<T extends z.ZodType>(value: T) {
  return z.strictObject({ value, ...provenance });
}

/** The provenance of a value, without the value. */
export interface Provenance {
  status: ValueStatus;
  source: string;
  rule: string;
  note?: string;
}

export interface Assumption extends Provenance {
  /** Where the value sits in its file, e.g. `disiplin.absence`. */
  path: string;
  value: unknown;
}

const isSourced = (v: unknown): v is Provenance & { value: unknown } =>
  typeof v === 'object' &&
  v !== null &&
  'value' in v &&
  'status' in v &&
  'source' in v &&
  'rule' in v &&
  valueStatus.safeParse((v as { status: unknown }).status).success;

/** Every value of a policy file, in file order, with its path: what a screen lists as the rules in force. */
export function sourcedValues(file: unknown, prefix = ''): Assumption[] {
  if (isSourced(file)) {
    const { value, status, source, rule, note } = file;
    return [{ path: prefix, value, status, source, rule, ...(note === undefined ? {} : { note }) }];
  }
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return [];
  return Object.entries(file).flatMap(([k, v]) => sourcedValues(v, prefix ? `${prefix}.${k}` : k));
}

/** The values a screen must mark as assumptions (TYPICAL). */
export function assumptionsOf(file: unknown): Assumption[] {
  return sourcedValues(file).filter((a) => a.status === 'TYPICAL');
}
