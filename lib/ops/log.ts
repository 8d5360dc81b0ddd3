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
    return { logger: pino({ ...base, transport: { target: 'pino-pretty' } }) };
  }
  const stream = pino.destination({
    dest: o.destination === 'stdout' ? 1 : o.destination,
    sync: false,
    mkdir: true,
  });
  return { logger: pino(base, stream), stream };
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

/** Writes what is buffered now: before process.exit, which would drop it. */
export function flushLog() {
  try {
    (globalThis as G)[KEY]?.stream?.flushSync?.();
  } catch {
    // The stream was not open yet: nothing was buffered.
  }
}
