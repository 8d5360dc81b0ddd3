import { signBody, type SignMode } from '@/lib/signing';
import { newNonce } from '@/lib/nonce';

export interface ConnectionResult {
  ok: boolean;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  /** What the platform or the network said, for the admin to read. */
  detail: string;
  ms: number;
}

const TIMEOUT_MS = 8000;

async function attempt(run: () => Promise<{ ok: boolean; status: number; detail: string }>) {
  const started = performance.now();
  try {
    const r = await run();
    return { ...r, ms: Math.round(performance.now() - started) };
  } catch (e) {
    const err = e as Error & {
      cause?: { code?: string; message?: string; errors?: { code?: string }[] };
    };
    const cause = err.cause;
    const detail =
      err.name === 'TimeoutError'
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : (cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? err.message);
    return { ok: false, status: null, detail, ms: Math.round(performance.now() - started) };
  }
}

async function readJson(r: Response): Promise<Record<string, unknown> | null> {
  try {
    return (await r.json()) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** One signed §9.1 lines query (limit 1): proves the URL, the clientId and the key. */
export function testSmartVending(c: {
  baseUrl: string;
  clientId: string;
  key: string;
  signMode: SignMode;
}): Promise<ConnectionResult> {
  return attempt(async () => {
    const query = { limit: '1' };
    const body = signBody(
      { clientId: c.clientId, nonce_str: newNonce() },
      c.key,
      c.signMode,
      query,
    );
    const r = await fetch(new URL(`/osapi/router/lines?limit=1`, c.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const json = await readJson(r);
    const ok = r.ok && json?.result === 'SUCCESS';
    const detail = ok
      ? `SUCCESS (${String(json?.total ?? '?')} lines)`
      : `${String(json?.errorCode ?? json?.result ?? 'not JSON')} ${String(json?.message ?? '')}`.trim();
    return { ok, status: r.status, detail };
  });
}

/** A SAAS Login (002 §1): proves the URL, appID, key and secret. */
export function testSaas(c: {
  baseUrl: string;
  appId: string;
  key: string;
  secret: string;
}): Promise<ConnectionResult> {
  return attempt(async () => {
    const r = await fetch(new URL('/OpenApi/Login', c.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ AppID: c.appId, Key: c.key, Secret: c.secret }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const json = await readJson(r);
    const ok = r.ok && (json?.succeeded === true || json?.Succeeded === true);
    const errors = json?.errors ?? json?.Errors;
    return {
      ok,
      status: r.status,
      detail: ok ? 'token issued' : String(errors ?? 'login refused'),
    };
  });
}
