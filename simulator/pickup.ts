import { signBody } from '@/lib/platforms/signing';
import { Rng } from './rng';
import type { SmartVendingTwin } from './twin';

export interface PickupOutcome {
  code: string;
  assetId: string;
  check: { status: number | null; body: unknown };
  vended: boolean;
  use?: { status: number | null; body: unknown };
}

/**
 * A customer at a machine enters a pickup code (seed 000 §7): the platform asks the app whether
 * the code is good (/osapi/pickupcode/check), vends if it is unused, then tells the app to mark
 * it used (/osapi/pickupcode/use). Pickup-code messages name their nonce `nonceStr`.
 */
export async function enterPickupCode(
  twin: SmartVendingTwin,
  appUrl: string,
  code: string,
  assetId: string,
  goodsNum?: string,
): Promise<PickupOutcome> {
  const rng = Rng.derive(twin.options.seed, 'pickup-call', code, Date.now());
  const call = async (path: string, payload: Record<string, unknown>) => {
    const body = signBody(
      { ...payload, clientId: twin.options.clientId, nonceStr: rng.hex(16) },
      twin.options.key,
      twin.signMode,
    );
    try {
      const r = await fetch(`${appUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await r.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // kept as text: the outcome shows what the app answered
      }
      return { status: r.status, body: parsed };
    } catch (e) {
      return { status: null, body: (e as Error).message };
    }
  };
  const check = await call('/osapi/pickupcode/check', {
    code,
    assetId,
    ...(goodsNum && { goodsNum }),
  });
  const reply = check.body as { result?: string; codeStatus?: string | number } | undefined;
  const vended =
    check.status === 200 && reply?.result === 'SUCCESS' && String(reply.codeStatus) === '1';
  const outcome: PickupOutcome = { code, assetId, check, vended };
  if (vended) outcome.use = await call('/osapi/pickupcode/use', { code });
  twin.pickupLog.push(outcome);
  return outcome;
}
