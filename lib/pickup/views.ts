import type { PickupCodeRow } from '@/db/queries/pickup';
import { csvLine } from '@/lib/csv';
import { displayStatus } from './rules';

/** A pickup code as the API shows it: `status` is unused, used, revoked or expired. */
export function pickupCodeView(r: PickupCodeRow, now: number) {
  return {
    code: r.code,
    assetId: r.assetId,
    goodsNumber: r.goodsNumber,
    fee: r.fee,
    startTime: r.startTime,
    endTime: r.endTime,
    status: displayStatus(r, now),
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    revokedAt: r.revokedAt,
    usedAt: r.usedAt,
    usedAssetId: r.usedAssetId,
  };
}

export type PickupCodeView = ReturnType<typeof pickupCodeView>;

export const CSV_COLUMNS = [
  'code',
  'status',
  'assetId',
  'goodsNumber',
  'fee',
  'startTime',
  'endTime',
  'createdAt',
  'createdBy',
  'revokedAt',
  'usedAt',
  'usedAssetId',
] as const satisfies readonly (keyof PickupCodeView)[];

export function csvHeader(): string {
  return csvLine(CSV_COLUMNS);
}

export function csvRow(v: PickupCodeView): string {
  return csvLine(CSV_COLUMNS.map((c) => v[c]));
}
