import type { DbOrTx } from '@/db/client';
import { salesStats, type SalesStatsParams } from '@/db/queries/trades';
import { STAT_CATEGORIES } from '@/lib/domain/paystyles';

const FIELDS = [
  'count',
  'amount',
  'refundAmount',
  'onlineCount',
  'onlineAmount',
  'outlineCount',
  'outlineAmount',
  ...STAT_CATEGORIES.flatMap(([name]) => [`${name}Count`, `${name}Amount`]),
  'otherCount',
  'otherAmount',
];

/**
 * §5.1's shape, one object per asset (every asset asked for, zeros where it sold nothing).
 * §5.1 spells two fields `aliapyAmount` and `othereCount`: both spellings are written.
 */
export function salesStatistic(db: DbOrTx, p: SalesStatsParams) {
  const rows = new Map(salesStats(db, p).map((r) => [String(r.assetId), r]));
  const assetIds = p.assetIds?.length ? p.assetIds : [...rows.keys()].sort();
  return assetIds.map((assetId) => {
    const row = rows.get(assetId);
    const out: Record<string, string | number> = {
      assetId,
      startTime: p.startTime,
      endTime: p.endTime,
    };
    for (const f of FIELDS) out[f] = Number(row?.[f] ?? 0);
    out.aliapyAmount = out.alipayAmount!;
    out.othereCount = out.otherCount!;
    return out;
  });
}
