import { z } from 'zod';
import type { SignMode } from './signing';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .min(1)
    .default('./data/vending.db')
    .transform((v) => v.replace(/^file:/, '')),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  SMARTVENDING_CLIENT_ID: z.string().min(1).optional(),
  SMARTVENDING_KEY: z.string().min(1).optional(),
  SMARTVENDING_SIGN_MODE: z.enum(['ampersand', 'bare']).default('ampersand'),
  SMARTVENDING_BASE_URL: z.url().optional(),
  FLEET_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
});

export type AppConfig = z.infer<typeof schema> & { signMode: SignMode };

export class ConfigError extends Error {}

let cached: AppConfig | undefined;

/** Reads and validates the environment once; a bad value throws a readable ConfigError. */
export function getConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  if (cached && env === process.env) return cached;
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (Boolean(c.SMARTVENDING_CLIENT_ID) !== Boolean(c.SMARTVENDING_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  SMARTVENDING_CLIENT_ID and SMARTVENDING_KEY must be set together',
    );
  }
  const config = { ...c, signMode: c.SMARTVENDING_SIGN_MODE };
  if (env === process.env) cached = config;
  return config;
}

export interface ClientCredentials {
  clientId: string;
  key: string;
  signMode: SignMode;
}

/** The signing key for a Smart Vending clientId, or undefined when we do not know it. */
export function credentialsFor(clientId: string): ClientCredentials | undefined {
  const c = getConfig();
  if (c.SMARTVENDING_CLIENT_ID === clientId && c.SMARTVENDING_KEY) {
    return { clientId, key: c.SMARTVENDING_KEY, signMode: c.signMode };
  }
  return undefined;
}
