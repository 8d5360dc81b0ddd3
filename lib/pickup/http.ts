import 'server-only';
import { getDb } from '@/lib/db';
import { MAX_BODY_BYTES } from '@/lib/ingest/push/receive';
import { readWebBody } from '@/lib/ingest/push/http';
import { pickupFail, receivePickup, type PickupKind, type PickupResult } from './receive';
import { log } from '@/lib/ops/log';

/** The §7.1/§7.2 endpoint for a Web Request (App Router route handler). */
export async function handlePickupRequest(request: Request, kind: PickupKind): Promise<Response> {
  let result: PickupResult;
  try {
    const body = await readWebBody(request);
    result =
      body === undefined
        ? pickupFail(413, 'BODY_TOO_LARGE', `body is larger than ${MAX_BODY_BYTES} bytes`)
        : await receivePickup(getDb(), kind, body);
  } catch (e) {
    log().error({ err: e, kind }, 'pickup code request failed');
    result = pickupFail(503, 'UNAVAILABLE', 'temporarily unavailable, retry later');
  }
  return Response.json(result.body, {
    status: result.status,
    headers: { 'cache-control': 'no-store' },
  });
}
