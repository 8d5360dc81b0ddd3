import type { PickupCodeRow } from '@/db/queries/pickup';
import { csvLine, csvTime, csvYuan } from '@/lib/edge/csv';
import type { Translate } from '@/lib/sales/csv';
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

export type PickupCodeView = Awaited<ReturnType<typeof pickupCodeView>>;

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

/** The header in the reader's language (pickup.csv.*). */
export function csvHeader(t: Translate): string {
  return csvLine(CSV_COLUMNS.map((c) => t(`pickup.csv.${c}`)));
}

const TIMES = new Set<string>(['startTime', 'endTime', 'createdAt', 'revokedAt', 'usedAt']);

/** A code as the page shows it: its state in words, the fee in yuan, times in the fleet's zone. */
export function csvRow(v: PickupCodeView, t: Translate, timeZone: string): string {
  return csvLine(
    CSV_COLUMNS.map((c) => {
      if (c === 'status') return t(`pickup.statuses.${v.status}`);
      if (c === 'fee') return csvYuan(v.fee);
      if (TIMES.has(c)) return csvTime(v[c] as number | null, timeZone);
      return v[c];
    }),
  );
}
