import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  getPickupCode,
  insertPickupCode,
  machineExists,
  revokePickupCode,
  type PickupCodeRow,
} from '@/db/queries/pickup';
import { generateCode, type RandomInt } from './code';
import type { CreateCodesInput } from './schemas';

/** Draws per code before giving up: only reached when most 7-digit codes are taken. */
const MAX_DRAWS = 50;

export type IssueOutcome =
  { ok: true; items: PickupCodeRow[] } | { ok: false; field: 'assetId'; message: string };

/**
 * Issues `count` new codes with the same rules in one transaction. A drawn code that exists
 * already (issued at any time, in any state) is drawn again, so codes are never reused.
 */
export async function issuePickupCodes(
  db: Db,
  input: CreateCodesInput,
  opts: { now: number; createdBy?: string | null; random?: RandomInt },
): Promise<IssueOutcome> {
  return await inTransaction(db, async (): Promise<IssueOutcome> => {
    if (input.assetId !== undefined && !(await machineExists(db, input.assetId)))
      return { ok: false, field: 'assetId', message: `no machine ${input.assetId}` };
    const items: PickupCodeRow[] = [];
    for (let i = 0; i < input.count; i++) {
      let row: PickupCodeRow | undefined;
      for (let draw = 0; !row; draw++) {
        if (draw === MAX_DRAWS) throw new Error('could not draw an unused pickup code');
        row = await insertPickupCode(db, {
          code: generateCode(opts.random),
          assetId: input.assetId ?? null,
          goodsNumber: input.goodsNumber ?? null,
          fee: input.fee,
          startTime: input.startTime,
          endTime: input.endTime,
          status: 'unused',
          createdAt: opts.now,
          createdBy: opts.createdBy ?? null,
        });
      }
      items.push(row);
    }
    return { ok: true, items };
  });
}

export type RevokeOutcome =
  | { ok: true; item: PickupCodeRow }
  | { ok: false; reason: 'not_found' | 'used'; item?: PickupCodeRow };

/** Revokes an unused (or expired) code; revoking a revoked code changes nothing. */
export async function revokeCode(db: Db, code: string, now: number): Promise<RevokeOutcome> {
  return await inTransaction(db, async (): Promise<RevokeOutcome> => {
    const revoked = await revokePickupCode(db, { code, at: now });
    if (revoked) return { ok: true, item: revoked };
    const item = await getPickupCode(db, code);
    if (!item) return { ok: false, reason: 'not_found' };
    if (item.status === 'used') return { ok: false, reason: 'used', item };
    return { ok: true, item };
  });
}
