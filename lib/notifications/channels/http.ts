import type { SendResult } from '../notice';

/** How long a channel may take to answer, and how much of its answer is kept (D88). */
export const SEND_TIMEOUT_MS = 10_000;
export const MAX_ANSWER_CHARS = 1000;

export interface HttpAnswer {
  status: number;
  text: string;
}

/** Reads at most `max` bytes of a body and drops the rest, so a huge answer costs nothing. */
async function boundedText(res: Response, max = 16 * 1024): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

export const clip = (s: string) =>
  s.length > MAX_ANSWER_CHARS ? `${s.slice(0, MAX_ANSWER_CHARS)}…` : s;

/** POSTs JSON; a network error or timeout is a retryable failure with no status. */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer | SendResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    return { status: res.status, text: await boundedText(res) };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why =
      err.name === 'TimeoutError'
        ? `no answer within ${SEND_TIMEOUT_MS / 1000} s`
        : (err.cause?.code ?? err.cause?.message ?? err.message);
    return { ok: false, status: null, answer: clip(why), retryable: true };
  }
}

/** An HTTP status's verdict: 2xx ok; 408, 429 and 5xx worth retrying; other 4xx not. */
export function byStatus(a: HttpAnswer): SendResult {
  const ok = a.status >= 200 && a.status < 300;
  return {
    ok,
    status: a.status,
    answer: clip(a.text || `HTTP ${a.status}`),
    retryable: !ok && (a.status >= 500 || a.status === 429 || a.status === 408),
  };
}
