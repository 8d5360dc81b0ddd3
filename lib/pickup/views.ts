import type { PickupCodeRow } from '@/db/queries/pickup';
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

/**
 * One CSV field (RFC 4180). Text a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first) is prefixed with an apostrophe: asset ids and goods numbers are typed by people.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\r\n';
}

export function csvRow(v: PickupCodeView): string {
  return CSV_COLUMNS.map((c) => csvField(v[c])).join(',') + '\r\n';
}
