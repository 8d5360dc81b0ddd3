import 'server-only';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The process's structured log (D90): JSON lines through pino, level and destination from the
 * environment (LOG_LEVEL, LOG_DESTINATION: `stdout` or a file path), pretty-printed only in
 * development. The destination is pino's sonic-boom in asynchronous mode: a log line costs the
 * push path a buffer append, not a write(2). Kept on globalThis so server.ts and Next's bundle
 * share one stream.
 *
 * Secrets never reach it: request lines carry the rule's path, never the URL (a cabinet
 * callback's URL holds its token), no body is ever logged, and the paths below are redacted
 * wherever an object logged carries them.
 */
export const REDACT = [
  'authorization',
  'cookie',
  'password',
  'token',
  'sign',
  'key',
  'body',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.token',
  '*.sign',
  '*.key',
  '*.body',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
];

export interface LogOptions {
  level: string;
  destination: string;
  dev: boolean;
}

interface Holder {
  logger: Logger;
  /** The per-request lines: the same stream and level, without redaction (see build). */
  requests: Logger;
  stream?: DestinationStream & { flushSync?: () => void };
}
const KEY = Symbol.for('vending.ops.log');
type G = { [KEY]?: Holder };

function fromEnv(): LogOptions {
  return {
    level: process.env.LOG_LEVEL ?? 'info',
    destination: process.env.LOG_DESTINATION ?? 'stdout',
    dev: process.env.NODE_ENV === 'development',
  };
}

function build(o: LogOptions): Holder {
  const base = { level: o.level, redact: { paths: REDACT, censor: '[redacted]' } };
  if (o.dev && o.destination === 'stdout') {
    // pino-pretty is a development dependency: only `npm run dev` asks for it.
    const logger = pino({ ...base, transport: { target: 'pino-pretty' } });
    return { logger, requests: logger };
  }
  // Lines are gathered into 4 KB writes (one write(2) per ~25 lines, not one each, which cost
  // the push path several times a line's formatting); what is gathered is written at least
  // every half second, so a quiet server's lines are not held back.
  const stream = pino.destination({
    dest: o.destination === 'stdout' ? 1 : o.destination,
    sync: false,
    minLength: 4096,
    mkdir: true,
  });
  setInterval(() => {
    try {
      stream.flush();
    } catch {
      // Not open yet, or a write under way: the next tick writes it.
    }
  }, 500).unref();
  // A request line holds only the fields request-log.ts sets (id, method, rule path, status,
  // duration), none of them secret, so it skips redaction, whose wildcard paths cost more than
  // formatting the line (measured: 2.5× a line's cost).
  return { logger: pino(base, stream), requests: pino({ level: o.level }, stream), stream };
}

/** Sets the process's logger up (server.ts, once its configuration is read). */
export function configureLog(o: LogOptions): Logger {
  const g = globalThis as G;
  flushLog();
  g[KEY] = build(o);
  return g[KEY].logger;
}

/** The process's logger (configured from the environment on first use if nobody did). */
export function log(): Logger {
  const g = globalThis as G;
  return (g[KEY] ??= build(fromEnv())).logger;
}

/** The logger of the per-request lines (lib/ops/request-log.ts only). */
export function requestLog(): Logger {
  const g = globalThis as G;
  return (g[KEY] ??= build(fromEnv())).requests;
}

/** Writes what is buffered now: before process.exit, which would drop it. */
export function flushLog() {
  try {
    (globalThis as G)[KEY]?.stream?.flushSync?.();
  } catch {
    // The stream was not open yet: nothing was buffered.
  }
}
