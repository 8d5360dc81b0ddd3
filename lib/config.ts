import 'server-only';
import { z } from 'zod';
import { SIGN_MODES, signFormOf, type SignForm } from './platforms/signing';

const schema = z.object({
  /**
   * A SQLite file (a path, `file:` accepted) or a PostgreSQL database (`postgres://` or
   * `postgresql://`, D111). A PostgreSQL URL must parse as one: a malformed one stops the start.
   */
  DATABASE_URL: z
    .string()
    .min(1)
    .default('./data/vending.db')
    .superRefine((v, ctx) => {
      if (!isPostgresUrl(v)) return;
      const problem = postgresUrlProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((v) => (isPostgresUrl(v) ? v : v.replace(/^file:/, ''))),
  /** PostgreSQL only: connections in this process's pool (D111). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL only: a statement running longer is cancelled by the server (0: no limit). */
  DATABASE_STATEMENT_TIMEOUT_S: z.coerce.number().min(0).max(3600).default(30),
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
  /** Seconds between the report scheduler's looks at the clock (D89); 0 turns it off. */
  REPORT_INTERVAL_S: z.coerce.number().int().min(0).max(3600).default(30),
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
  /** The delivery worker's poll (it also wakes at once when this process queues a message). */
  NOTIFY_TICK_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
  /** Attempts per message before it is given up as failed (the first one included). */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
  /** The first retry's delay; each next one doubles (with jitter) up to NOTIFY_RETRY_MAX_MS. */
  NOTIFY_RETRY_MIN_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  NOTIFY_RETRY_MAX_MS: z.coerce.number().int().min(10).max(3_600_000).default(600_000),
  /** A message still undelivered this long after it was queued is given up as failed. */
  NOTIFY_MAX_AGE_H: z.coerce.number().min(0.01).max(720).default(24),
  /** /metrics wants `Authorization: Bearer <this>`; unset, it answers loopback clients only (D90). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** `off`: no metrics are counted and /metrics answers 404 (to measure their cost). */
  METRICS: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** `stdout`, or a file the JSON lines are appended to. */
  LOG_DESTINATION: z.string().min(1).default('stdout'),
  /** `off`: no line per request (to measure its cost); other logs stay. */
  LOG_REQUESTS: z.enum(['on', 'off']).default('on'),
  /** On SIGTERM, the process exits after at most this long, finished or not. */
  SHUTDOWN_TIMEOUT_S: z.coerce.number().min(1).max(600).default(8),
  /** /readyz fails when the database's file system has less free space than this. */
  READYZ_MIN_FREE_MB: z.coerce.number().int().min(0).max(100_000_000).default(512),
  /** /readyz fails when a write to the database takes longer than this (it waits no longer). */
  READYZ_WRITE_DEADLINE_MS: z.coerce.number().int().min(10).max(10_000).default(500),
  /** The WAL is checkpointed with TRUNCATE (waiting for writers) once it passes this size. */
  WAL_MAX_MB: z.coerce.number().int().min(1).max(100_000).default(64),
  /**
   * `1`: the server's connection refuses writes (PRAGMA query_only), as a read-only database
   * would: for drills and tests of /readyz. Pushes are answered 503 and retried by the platform.
   */
  DATABASE_QUERY_ONLY: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
  /** Where snapshots are written; default: a `backups` folder beside the database (D91). */
  BACKUP_DIR: z.string().min(1).optional(),
  /** Hours between scheduled snapshots (fractions allowed); 0 turns the schedule off. */
  BACKUP_INTERVAL_H: z.coerce.number().min(0).max(720).default(24),
  /** Thinning (D91): the newest N snapshots, plus the newest of each of the last D days… */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  BACKUP_KEEP_DAILY: z.coerce.number().int().min(0).max(366).default(7),
  /** …plus the newest of each of the last W ISO weeks (days and weeks in FLEET_TIME_ZONE). */
  BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
  /** Snapshots up to this size get a full integrity_check, bigger ones a quick_check (D91). */
  BACKUP_FULL_CHECK_MB: z.coerce.number().int().min(0).max(1_000_000).default(2048),
  /** Optional upload of each snapshot to S3-compatible storage (AWS, MinIO, OSS, COS). */
  S3_BUCKET: z.string().min(1).optional(),
  /** e.g. https://oss-cn-hangzhou.aliyuncs.com; unset: AWS's endpoint for S3_REGION. */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Key prefix inside the bucket (e.g. `vending/`). */
  S3_PREFIX: z.string().default(''),
  /** Path-style URLs (bucket in the path), which MinIO needs; 1 by default when S3_ENDPOINT is set. */
  S3_FORCE_PATH_STYLE: z.enum(['0', '1', 'true', 'false']).optional(),
  /** `off` turns alert evaluation off entirely (the alert benchmark's baseline; D85). */
  ALERTS: z.enum(['on', 'off']).default('on'),
  /** How often the machines that sent messages are looked at for alerts, in milliseconds. */
  ALERT_TICK_MS: z.coerce.number().int().min(50).max(1000).default(1000),
  /** How often one process looks at the whole fleet for alerts (offline for N minutes, silent). */
  ALERT_SCAN_S: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * Minutes between refits of demand per shelf (issue 21, D93); 0: never on a schedule. Rates
   * from 8 weeks of sales barely move in hours; the stock they are applied to is live.
   */
  FORECAST_FIT_MIN: z.coerce.number().int().min(0).max(10_080).default(360),
  /** Days of sales each fit reads (8 weeks: every hour of the week seen eight times). */
  FORECAST_WINDOW_DAYS: z.coerce.number().int().min(7).max(365).default(56),
});

export type AppConfig = z.infer<typeof schema> & { signMode: SignForm };

/** `postgres://…` or `postgresql://…`: the app runs on PostgreSQL (D111); anything else is a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** What is wrong with a PostgreSQL URL, in words for the person starting the app; or undefined. */
function postgresUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a valid PostgreSQL URL (postgres://user:password@host:5432/database)';
  }
  // A socket directory may stand in for the host (postgres:///db?host=/run/postgresql).
  if (!u.hostname && !u.searchParams.get('host'))
    return 'names no host (postgres://user:password@host:5432/database)';
  if (u.pathname.length <= 1)
    return 'names no database (postgres://user:password@host:5432/database)';
  return undefined;
}

/** The database engine DATABASE_URL names. */
export function databaseEngine(config: Pick<AppConfig, 'DATABASE_URL'>): 'sqlite' | 'postgres' {
  return isPostgresUrl(config.DATABASE_URL) ? 'postgres' : 'sqlite';
}

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
  if (Boolean(c.S3_ACCESS_KEY_ID) !== Boolean(c.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      'Invalid configuration:\n  S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
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

/** The environment's signing key for a clientId (settings take precedence: lib/settings/credentials). */
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
