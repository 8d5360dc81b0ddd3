import 'server-only';
import { signBody, SIGN_FORMS, type SignForm } from '@/lib/platforms/signing';
import { newNonce } from '@/lib/platforms/nonce';
import { isFailure, platformWords } from '@/lib/platforms/smartvending/answer';

export interface ConnectionResult {
  ok: boolean;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  /** What the platform or the network said, for the admin to read. */
  detail: string;
  ms: number;
  /** Smart Vending: the forms tried in turn and the one the platform accepted (D70). */
  signing?: SigningTrial;
}

export interface SigningTrial {
  /** The form the credential signs in now. */
  current: SignForm;
  /** The first form the platform accepted, or null when it accepted none. */
  accepted: SignForm | null;
  tried: { form: SignForm; ok: boolean; status: number | null; detail: string }[];
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

async function readJson(r: Response): Promise<unknown> {
  try {
    return (await r.json()) as unknown;
  } catch {
    return null;
  }
}

/** One signed §9.1 lines query (limit 1) in one form: a read that changes nothing. */
function readLines(
  c: { baseUrl: string; clientId: string; key: string },
  form: SignForm,
): Promise<ConnectionResult> {
  return attempt(async () => {
    const query = { limit: '1', cursor: '0' };
    const body = signBody({ clientId: c.clientId, nonce_str: newNonce() }, c.key, form, query);
    const r = await fetch(new URL(`/osapi/router/lines?${new URLSearchParams(query)}`, c.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const json = await readJson(r);
    const refused = isFailure(json) ? platformWords(json) : null;
    // The envelope differs by platform (an object with `total`, or a bare array): any JSON that
    // is not a FAIL, answered 2xx, is a success.
    const ok = r.ok && json !== null && refused === null;
    const total = Array.isArray(json)
      ? json.length
      : ((json as { total?: unknown } | null)?.total ?? '?');
    const detail = ok
      ? `SUCCESS (${String(total)} lines)`
      : (refused ?? (json === null ? 'not JSON' : `HTTP ${r.status}`));
    return { ok, status: r.status, detail };
  });
}

/**
 * Proves the URL, the clientId and the key with a harmless read, signed in the credential's
 * form; when the platform refuses it, the other forms in turn, so the admin can keep the one
 * it accepts (D70). No further form is tried once no answer comes at all (a wrong URL).
 */
export async function testSmartVending(c: {
  baseUrl: string;
  clientId: string;
  key: string;
  signMode: SignForm;
}): Promise<ConnectionResult> {
  const first = await readLines(c, c.signMode);
  const tried: SigningTrial['tried'] = [
    { form: c.signMode, ok: first.ok, status: first.status, detail: first.detail },
  ];
  let accepted: SignForm | null = first.ok ? c.signMode : null;
  let ms = first.ms;
  if (!first.ok && first.status !== null) {
    for (const form of SIGN_FORMS.filter((f) => f !== c.signMode)) {
      const r = await readLines(c, form);
      ms += r.ms;
      tried.push({ form, ok: r.ok, status: r.status, detail: r.detail });
      if (r.ok) {
        accepted = form;
        break;
      }
      if (r.status === null) break;
    }
  }
  return { ...first, ms, signing: { current: c.signMode, accepted, tried } };
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
    const json = (await readJson(r)) as Record<string, unknown> | null;
    const ok = r.ok && (json?.succeeded === true || json?.Succeeded === true);
    const errors = json?.errors ?? json?.Errors;
    return {
      ok,
      status: r.status,
      detail: ok ? 'token issued' : String(errors ?? 'login refused'),
    };
  });
}
