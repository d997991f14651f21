import { z } from 'zod';

/**
 * Free text that PostgreSQL can store: no NUL (text refuses it) and no unpaired surrogate (jsonb
 * refuses the escape, and text would silently change it). Every free-text field of the API uses this,
 * so such input is a 400 naming the field, never a 500.
 */
// String.prototype.isWellFormed is ES2024: older phone browsers lack it, and core runs there too.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function text(min: number, max: number) {
  return z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .refine((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (no unpaired surrogates)');
}
