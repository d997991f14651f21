/** The environment of `npm start` (scripts/start.ts), validated before anything starts. */
import { z } from 'zod';
import { ROLES, type RoleSwitch } from './roles.ts';

export const launcherEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  PG_PORT: z.coerce.number().int().default(55432),
  REDIS_PORT: z.coerce.number().int().default(56379),
  VAR_DIR: z.string().default(''),
  CONFIG_DIR: z.string().default(''),
  SIM_SPEED: z.coerce.number().positive().max(10_000).default(60),
  /** What the simulator plays (sim/src/main.ts has the same defaults): a saved position belongs to one. */
  SIM_SEED: z.string().min(1).default('1'),
  SIM_SCENARIO: z.string().min(1).default('default'),
  SIM_OFFICES: z.string().optional(),
  DEMO: z.enum(['0', '1']).optional(),
  /** Only read to say where metrics are and whether sign-in will work; the roles validate them. */
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().default(9464),
  MEDIA_METRICS_PORT: z.coerce.number().int().default(9465),
  COOKIE_SECURE: z.string().optional(),
  /** Run each role from a bundle built at start (scripts/bundle.ts); `off`: through tsx, as before. */
  ROLE_BUNDLES: z.enum(['on', 'off']).default('on'),
  /** Roles that keep a spare process waiting to take over when they die (scripts/supervisor.ts); '' for none. */
  ROLE_SPARES: z
    .string()
    .default('api,media')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((names) => names.every((n) => ROLES.some((r) => r.name === n)), {
      message: `each must be one of ${ROLES.map((r) => r.name).join(', ')}`,
    }),
  PUBLIC_URL: z.string().optional(),
  /** An on/off switch per role that can be left out (`switch` in scripts/roles.ts). */
  ...(Object.fromEntries(
    ROLES.flatMap((r) => (r.switch ? [[r.switch, z.enum(['on', 'off']).default('on')]] : [])),
  ) as Record<RoleSwitch, z.ZodDefault<z.ZodEnum<{ on: 'on'; off: 'off' }>>>),
});
export type LauncherEnv = z.infer<typeof launcherEnv>;
