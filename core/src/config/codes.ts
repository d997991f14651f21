import { z } from 'zod';

/**
 * The Kemendagri area codes: a leaf module (zod only), so that event schemas and policy schemas can
 * both name an office without importing each other.
 */
export const kelurahanCode = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'expected a Kemendagri code like 16.71.01.1001');
export const kecamatanCode = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}$/, 'expected a Kemendagri code like 16.71.01');
