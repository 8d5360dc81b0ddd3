import { getDb } from '@/lib/db';
import { receiveCallback } from '@/lib/cabinets/orders';
import { readWebBody } from '@/lib/ingest/push/http';
import { log } from '@/lib/ops/log';
import { countCallback } from '@/lib/ops/metrics';

/**
 * SAAS §11 callbacks to the NotifyUrl we gave with the order. No signature exists: the
 * per-order token in the path authenticates it (rule kind 'platform', docs/decisions.md D40).
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ orderId: string; token: string }> },
) {
  const { orderId, token } = await params;
  let status = 503;
  let body: Record<string, unknown> = { result: 'FAIL', errorCode: 'UNAVAILABLE' };
  let action = 'failed';
  try {
    const text = await readWebBody(request);
    if (text === undefined) {
      status = 413;
      body = { result: 'FAIL', errorCode: 'BODY_TOO_LARGE' };
      action = 'refused';
    } else {
      const now = Math.floor(Date.now() / 1000);
      ({ status, body, action } = await receiveCallback(getDb(), orderId, token, text, now));
    }
  } catch (e) {
    log().error({ err: e, orderId }, 'cabinet callback failed; answered 503');
  }
  countCallback(action, status);
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}
