import { z } from 'zod';
import { SIGN_MODES, signFormOf, type SignForm } from './signing';

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
  /** The form we sign in (D70); the old `ampersand` and `bare` read as amp-upper, bare-upper. */
  SMARTVENDING_SIGN_MODE: z.enum(SIGN_MODES).default('bare-lower'),
  /** The `doorState` value that means open on this client's platform (seed 000: 0; D70). */
  SMARTVENDING_DOOR_OPEN: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => Number(v) as 0 | 1),
  SMARTVENDING_BASE_URL: z.url().optional(),
  SAAS_BASE_URL: z.url().optional(),
  SAAS_APP_ID: z.string().min(1).optional(),
  SAAS_KEY: z.string().min(1).optional(),
  SAAS_SECRET: z.string().min(1).optional(),
  /** Seconds between polls of the SAAS cabinets (§2–§4); 0 disables polling. */
  SAAS_POLL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** A cabinet door closed this long without recognition is stuck: the order needs review. */
  CABINET_STUCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  FLEET_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
  /** The first admin, created at start when no user exists. */
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  /** Encrypts platform credentials at rest (settings); at least 32 characters. */
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The app's public origin (e.g. https://ops.example.com): same-origin checks, callbacks. */
  APP_URL: z.url().optional(),
  /** Believe X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front of us. */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** A session ends this long after sign-in, or after 12 idle hours, whichever is first. */
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(168),
  /** Seconds between scheduled pulls from the platform; 0 turns the schedule off. */
  SYNC_INTERVAL_S: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Items asked for per page of a paged pull (limit). */
  SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  /** Reader threads for the pages' reads (D60); 0 runs reads on the main thread. */
  READ_WORKERS: z.coerce.number().int().min(0).max(16).default(2),
  /** Reader threads for heavy reports and exports, beside READ_WORKERS. */
  REPORT_WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  /** A read running longer than this is stopped and answered 503 READ_TIMEOUT. */
  READ_TIMEOUT_S: z.coerce.number().min(0.1).max(600).default(20),
  /** How long an answer is served again while nothing is written (any write ends it sooner). */
  READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(3000),
  /** `off` turns alert evaluation off entirely (the alert benchmark's baseline; D85). */
  ALERTS: z.enum(['on', 'off']).default('on'),
  /** How often the machines that sent messages are looked at for alerts, in milliseconds. */
  ALERT_TICK_MS: z.coerce.number().int().min(50).max(1000).default(1000),
  /** How often one process looks at the whole fleet for alerts (offline for N minutes, silent). */
  ALERT_SCAN_S: z.coerce.number().int().min(1).max(3600).default(60),
});

export type AppConfig = z.infer<typeof schema> & { signMode: SignForm };

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
  if (Boolean(c.ADMIN_EMAIL) !== Boolean(c.ADMIN_PASSWORD)) {
    throw new ConfigError(
      'Invalid configuration:\n  ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    );
  }
  const config = { ...c, signMode: signFormOf(c.SMARTVENDING_SIGN_MODE) };
  if (env === process.env) cached = config;
  return config;
}

export interface ClientCredentials {
  clientId: string;
  key: string;
  /** The form we sign in; whatever form the platform signs in is accepted (D70). */
  signMode: SignForm;
  baseUrl?: string;
}

/** The environment's signing key for a clientId (settings take precedence: lib/credentials). */
export function envCredentialsFor(clientId: string): ClientCredentials | undefined {
  const c = getConfig();
  if (c.SMARTVENDING_CLIENT_ID === clientId && c.SMARTVENDING_KEY) {
    return {
      clientId,
      key: c.SMARTVENDING_KEY,
      signMode: c.signMode,
      baseUrl: c.SMARTVENDING_BASE_URL,
    };
  }
  return undefined;
}
