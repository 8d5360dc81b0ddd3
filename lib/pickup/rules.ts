import type { PickupCodeState } from '@/db/schema';
import type { PickupStatus } from '@/db/queries/pickup';

export type { PickupStatus };
export const PICKUP_STATUSES = ['unused', 'used', 'revoked', 'expired'] as const;

/** §7.1 codeStatus: 1 unused, 2 used, 3 expired. */
export type CodeStatus = 1 | 2 | 3;

/** A machine that entered this many wrong codes within the window is throttled. */
export const WRONG_CODE_LIMIT = 10;
export const WRONG_CODE_WINDOW_SECONDS = 600;
/** A use may arrive this long after endTime when the check that allowed it came before it. */
export const USE_GRACE_SECONDS = 600;

export type PickupRefusalCode =
  | 'CODE_NOT_FOUND'
  | 'CODE_WRONG_MACHINE'
  | 'CODE_WRONG_GOODS'
  | 'CODE_REVOKED'
  | 'CODE_NOT_STARTED'
  | 'CODE_EXPIRED'
  | 'CODE_USED'
  | 'CHECK_THROTTLED';

export interface Refusal {
  ok: false;
  errorCode: PickupRefusalCode;
  errorMsg: string;
  /** Counts towards the machine's throttle: not a code this machine may use. */
  wrongCode: boolean;
}

/** The fields of a stored code the rules read. */
export interface CodeState {
  code: string;
  status: PickupCodeState;
  assetId: string | null;
  goodsNumber: string | null;
  fee: number;
  startTime: number;
  endTime: number;
  lastCheckAt: number | null;
  lastCheckAssetId: string | null;
}

export function displayStatus(c: Pick<CodeState, 'status' | 'endTime'>, now: number): PickupStatus {
  return c.status === 'unused' && now > c.endTime ? 'expired' : c.status;
}

const refuse = (errorCode: PickupRefusalCode, errorMsg: string, wrongCode = false): Refusal => ({
  ok: false,
  errorCode,
  errorMsg,
  wrongCode,
});

/** Refusals that do not depend on time or use: unknown code, another machine's, other goods. */
function bindingRefusal(
  c: CodeState | undefined,
  code: string,
  assetId: string | undefined,
  goodsNum: string | undefined,
): Refusal | undefined {
  if (!c) return refuse('CODE_NOT_FOUND', `no pickup code ${code}`, true);
  if (assetId !== undefined && c.assetId !== null && c.assetId !== assetId)
    return refuse('CODE_WRONG_MACHINE', `pickup code ${code} is not for machine ${assetId}`, true);
  if (goodsNum !== undefined && c.goodsNumber !== null && c.goodsNumber !== goodsNum)
    return refuse('CODE_WRONG_GOODS', `pickup code ${code} is not for goods ${goodsNum}`);
  if (c.status === 'revoked') return refuse('CODE_REVOKED', `pickup code ${code} was revoked`);
  return undefined;
}

export type CheckDecision =
  { ok: true; codeStatus: CodeStatus; goodsNum: string; fee: number } | Refusal;

/**
 * §7.1: may the machine vend for this code? A known code for this machine and goods is answered
 * with its status (the platform vends only on 1); anything else is refused with a reason.
 * Binding is checked before state, so another machine learns nothing about the code.
 */
export function decideCheck(
  c: CodeState | undefined,
  req: { code: string; assetId: string; goodsNum?: string },
  now: number,
): CheckDecision {
  const refusal = bindingRefusal(c, req.code, req.assetId, req.goodsNum);
  if (refusal || !c) return refusal!;
  const answer = (codeStatus: CodeStatus) => ({
    ok: true as const,
    codeStatus,
    goodsNum: c.goodsNumber ?? req.goodsNum ?? '',
    fee: c.fee,
  });
  if (c.status === 'used') return answer(2);
  if (now < c.startTime)
    return refuse('CODE_NOT_STARTED', `pickup code ${c.code} is valid from ${c.startTime}`);
  return answer(now > c.endTime ? 3 : 1);
}

export type UseDecision = { ok: true; usedAssetId: string | null } | Refusal;

/**
 * §7.2: the machine vended; mark the code used. §7.2 carries only the code, so the machine is
 * the one named in the message if any, else the code's own, else the last that checked it.
 * A use just after endTime is accepted when a check found the code valid shortly before:
 * the goods have already left the machine.
 */
export function decideUse(
  c: CodeState | undefined,
  req: { code: string; assetId?: string; goodsNum?: string },
  now: number,
): UseDecision {
  const refusal = bindingRefusal(c, req.code, req.assetId, req.goodsNum);
  if (refusal || !c) return refusal!;
  if (c.status === 'used') return refuse('CODE_USED', `pickup code ${c.code} was already used`);
  if (now < c.startTime)
    return refuse('CODE_NOT_STARTED', `pickup code ${c.code} is valid from ${c.startTime}`);
  if (now > c.endTime) {
    const checkedInTime =
      c.lastCheckAt !== null &&
      c.lastCheckAt <= c.endTime &&
      now - c.lastCheckAt <= USE_GRACE_SECONDS;
    if (!checkedInTime)
      return refuse('CODE_EXPIRED', `pickup code ${c.code} expired at ${c.endTime}`);
  }
  return { ok: true, usedAssetId: req.assetId ?? c.assetId ?? c.lastCheckAssetId };
}

/** Whether a machine with this many wrong codes in the window is refused without a lookup. */
export function isThrottled(wrongCodesInWindow: number): boolean {
  return wrongCodesInWindow >= WRONG_CODE_LIMIT;
}
