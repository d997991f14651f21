import { z } from 'zod';

/** The languages the product speaks: Bahasa Indonesia first, English second. */
export const LOCALES = ['id', 'en'] as const;
export const locale = z.enum(LOCALES);
export type Locale = z.infer<typeof locale>;
