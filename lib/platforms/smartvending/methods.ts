import 'server-only';
import type { Db } from '@/db/client';
import { readSetting, writeSetting } from '@/db/queries/settings-kv';

export type Method = 'GET' | 'POST';

/**
 * The HTTP method each endpoint of a platform turned out to take (D72): an endpoint the seed
 * documents as GET has been answered 405 by the real platform, which takes POST for every
 * `/osapi/*` call. What worked is remembered per platform (base URL) and endpoint, so only
 * the first call ever pays for the 405.
 */
export interface MethodMemory {
  get(path: string): Method | undefined | Promise<Method | undefined>;
  set(path: string, method: Method): void | Promise<void>;
}

type Learnt = Record<string, Record<string, Method>>;

/** In this process only (a client built without a database: tests, the twin's own client). */
const processWide = new Map<string, Map<string, Method>>();
export function processMethods(baseUrl: string): MethodMemory {
  let known = processWide.get(baseUrl);
  if (!known) processWide.set(baseUrl, (known = new Map()));
  const k = known;
  return { get: (path) => k.get(path), set: (path, m) => void k.set(path, m) };
}

const KEY = 'smartvending.pullMethods';

/**
 * Kept in the database's settings (one JSON value, no table of its own), so the server, the
 * sync command line and a restart all start from what was learnt. A write that fails (the
 * database busy) only costs one more 405 later: the process keeps it anyway.
 */
export function storedMethods(db: Db, baseUrl: string, now: () => number): MethodMemory {
  const local = processMethods(baseUrl);
  return {
    async get(path) {
      const stored = ((await readSetting(db, KEY)) as Learnt | undefined)?.[baseUrl]?.[path];
      return (
        (await local.get(path)) ?? (stored === 'GET' || stored === 'POST' ? stored : undefined)
      );
    },
    async set(path, method) {
      await local.set(path, method);
      try {
        const all = ((await readSetting(db, KEY)) as Learnt | undefined) ?? {};
        all[baseUrl] = { ...all[baseUrl], [path]: method };
        await writeSetting(db, KEY, all, now(), 'sync');
      } catch {
        // Remembered in this process; the next process learns it again with one 405.
      }
    },
  };
}
