import 'server-only';
import type { SendResult } from '../notice';
import { byStatus, postJson, type HttpAnswer } from './http';
import type { Message } from './message';
import { feishuCardOf, markdownOf } from './render';
import { dingtalkSignedUrl, feishuSign } from './sign';

/**
 * The robots answer HTTP 200 with their own code: WeCom and DingTalk `{errcode, errmsg}`,
 * Feishu `{code, msg}` (older hooks `{StatusCode, StatusMessage}`). A code other than 0 is a
 * failure whatever the HTTP status. Their rate-limit and "busy" codes are worth a retry; a
 * refused key, signature or keyword is not (a person must mend the channel).
 */
const RETRYABLE_CODES: Record<'wecom' | 'dingtalk' | 'feishu', ReadonlySet<number>> = {
  // -1 system busy; 45009 api freq out of limit (20 messages a minute per robot).
  wecom: new Set([-1, 45009]),
  // -1 system busy; 130101 send too fast (20 a minute); 660026 robot flow limited.
  dingtalk: new Set([-1, 130101, 660026]),
  // 11232 frequency limited (100 a minute, 5 a second); 9499 with a 5xx is handled by status.
  feishu: new Set([11232, 11233]),
};

function byCode(kind: 'wecom' | 'dingtalk' | 'feishu', a: HttpAnswer): SendResult {
  const verdict = byStatus(a);
  if (!verdict.ok) return verdict;
  let parsed: Record<string, unknown> | null = null;
  try {
    const v: unknown = JSON.parse(a.text);
    if (v && typeof v === 'object') parsed = v as Record<string, unknown>;
  } catch {
    // A relay may answer plain text: its 2xx is all we know.
  }
  const raw = parsed?.errcode ?? parsed?.code ?? parsed?.StatusCode;
  if (raw === undefined || raw === null) return verdict;
  const code = Number(raw);
  if (code === 0) return verdict;
  return { ...verdict, ok: false, retryable: RETRYABLE_CODES[kind].has(code) };
}

function isFailure(a: HttpAnswer | SendResult): a is SendResult {
  return 'ok' in a;
}

export async function sendWecom(url: string, m: Message): Promise<SendResult> {
  const body = JSON.stringify({
    msgtype: 'markdown',
    markdown: { content: markdownOf(m, 'wecom') },
  });
  const a = await postJson(url, body);
  return isFailure(a) ? a : byCode('wecom', a);
}

export async function sendDingtalk(
  url: string,
  secret: string | undefined,
  m: Message,
  nowMs: number,
): Promise<SendResult> {
  const body = JSON.stringify({
    msgtype: 'markdown',
    // The title is what the chat list and the phone's notification show.
    markdown: { title: m.subject, text: markdownOf(m, 'dingtalk') },
  });
  const a = await postJson(secret ? dingtalkSignedUrl(url, secret, nowMs) : url, body);
  return isFailure(a) ? a : byCode('dingtalk', a);
}

export async function sendFeishu(
  url: string,
  secret: string | undefined,
  m: Message,
  nowSeconds: number,
): Promise<SendResult> {
  const signed = secret
    ? { timestamp: String(nowSeconds), sign: feishuSign(secret, nowSeconds) }
    : {};
  const body = JSON.stringify({ ...signed, msg_type: 'interactive', card: feishuCardOf(m) });
  const a = await postJson(url, body);
  return isFailure(a) ? a : byCode('feishu', a);
}
