import 'server-only';
import { getDb } from '@/lib/db';
import type { Db } from '@/db/client';
import { connectionKey } from '@/db/statements';
import { credentialsVersion, listCredentials } from '@/db/queries/settings';
import { envCredentialsFor, getConfig, type ClientCredentials } from '@/lib/config';
import { open } from '@/lib/settings/secretbox';
import { signFormOf } from '@/lib/platforms/signing';
import { log } from '@/lib/ops/log';

export interface SaasCredentials {
  appId: string;
  key: string;
  secret: string;
  baseUrl?: string;
}

interface Loaded {
  smartvending: Map<string, ClientCredentials>;
  saas: SaasCredentials[];
  /** The credentials' version they were read at, and when (ms) it was last compared. */
  version: number;
  checkedMs: number;
}

/**
 * Credentials set in the settings page take precedence over the environment. They are read
 * from the database and kept on globalThis, which the server's own modules and Next.js's
 * bundle share, so a change made through the API reaches this process's push receivers at
 * once. Another app process on the same database changes the credentials' version: it is
 * compared at most once a second (one read, not one per push), and a moved one reloads them,
 * so a change made there applies here within a second (D101).
 */
const RECHECK_MS = 1000;
const KEY = Symbol.for('vending.credentials');
type Holder = { [KEY]?: WeakMap<object, Loaded> };

export function invalidateCredentials() {
  (globalThis as Holder)[KEY] = new WeakMap();
}

async function loaded(db: Db = getDb()): Promise<Loaded> {
  const holder = globalThis as Holder;
  const cache = (holder[KEY] ??= new WeakMap());
  const hit = cache.get(connectionKey(db));
  const nowMs = Date.now();
  if (hit && nowMs - hit.checkedMs < RECHECK_MS) return hit;
  const version = await credentialsVersion(db);
  if (hit?.version === version) {
    hit.checkedMs = nowMs;
    return hit;
  }
  const out: Loaded = { smartvending: new Map(), saas: [], version, checkedMs: nowMs };
  const secret = getConfig().APP_SECRET;
  const rows = await listCredentials(db);
  if (rows.length && !secret) {
    log().error('platform credentials are stored but APP_SECRET is not set: they are ignored');
  }
  for (const r of secret ? rows : []) {
    let s: { key?: string; secret?: string };
    try {
      s = JSON.parse(open(secret!, r.secret)) as typeof s;
    } catch (e) {
      log().error(
        { credential: r.id, platform: r.platform, error: (e as Error).message },
        'a stored platform credential cannot be opened',
      );
      continue;
    }
    if (r.platform === 'smartvending' && s.key) {
      out.smartvending.set(r.account, {
        clientId: r.account,
        key: s.key,
        signMode: signFormOf(r.signMode),
        baseUrl: r.baseUrl ?? undefined,
      });
    } else if (r.platform === 'saas' && s.key && s.secret) {
      out.saas.push({
        appId: r.account,
        key: s.key,
        secret: s.secret,
        baseUrl: r.baseUrl ?? undefined,
      });
    }
  }
  cache.set(connectionKey(db), out);
  return out;
}

/** The signing key for a Smart Vending clientId, or undefined when we do not know it. */
export async function credentialsFor(
  clientId: string,
  db?: Db,
): Promise<ClientCredentials | undefined> {
  return (await loaded(db)).smartvending.get(clientId) ?? envCredentialsFor(clientId);
}

/** Whether a clientId's key is one saved in Settings (and readable), not the environment's. */
export async function isStoredClient(clientId: string, db?: Db): Promise<boolean> {
  return (await loaded(db)).smartvending.has(clientId);
}

/** Every Smart Vending client we hold a key for (settings first, then the environment's). */
export async function smartVendingClients(db?: Db): Promise<ClientCredentials[]> {
  const list = [...(await loaded(db)).smartvending.values()];
  const c = getConfig();
  if (c.SMARTVENDING_CLIENT_ID && !(await loaded(db)).smartvending.has(c.SMARTVENDING_CLIENT_ID)) {
    list.push(envCredentialsFor(c.SMARTVENDING_CLIENT_ID)!);
  }
  return list;
}

/** The SAAS account: the one in settings, else the environment's. */
export async function saasCredentials(): Promise<SaasCredentials | undefined> {
  const fromSettings = (await loaded()).saas[0];
  if (fromSettings) return fromSettings;
  const c = getConfig();
  if (c.SAAS_APP_ID && c.SAAS_KEY && c.SAAS_SECRET)
    return {
      appId: c.SAAS_APP_ID,
      key: c.SAAS_KEY,
      secret: c.SAAS_SECRET,
      baseUrl: c.SAAS_BASE_URL,
    };
  return undefined;
}
