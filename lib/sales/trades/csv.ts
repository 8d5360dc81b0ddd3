import { csvLine, csvTime, csvYuan } from '@/lib/edge/csv';
import type { Translate } from '@/lib/sales/labels';
import {
  deliveryName,
  payStatusName,
  payStyleName,
  refundName,
  tradeAmount,
  tradeTimeOf,
} from './labels';
import type { TradeListItem } from './read';

const COLUMNS = [
  'time',
  'orderNo',
  'tradeNo',
  'assetId',
  'machine',
  'goods',
  'goodsNumber',
  'shelf',
  'count',
  'amount',
  'payment',
  'payStatus',
  'delivery',
  'refund',
  'refundAmount',
  'refundTime',
] as const;

/** The header line, in the reader's language. */
export const tradeCsvHead = (t: Translate) => csvLine(COLUMNS.map((c) => t(`trades.csv.${c}`)));

/**
 * One trade: times in the fleet's time zone, money as yuan with two decimals computed from fen,
 * codes in people's words.
 */
export function tradeCsvLine(x: TradeListItem, t: Translate, timeZone: string) {
  const refunded = x.refundStatus !== null && x.refundStatus !== 0;
  return csvLine([
    csvTime(tradeTimeOf(x), timeZone, 'yyyy-MM-dd HH:mm:ss'),
    x.orderNo,
    x.tradeNo,
    x.assetId,
    x.machineName,
    x.goodsName,
    x.goodsNumber,
    x.locationId,
    x.count,
    csvYuan(tradeAmount(x)),
    x.payStyle === null ? '' : payStyleName(t, x.payStyle),
    payStatusName(t, x.payStatus),
    deliveryName(t, x),
    refundName(t, x),
    refunded && x.refundFee !== null ? csvYuan(x.refundFee) : '',
    refunded ? csvTime(x.refundTime, timeZone, 'yyyy-MM-dd HH:mm:ss') : '',
  ]);
}
