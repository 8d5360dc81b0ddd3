import { fenToYuanText } from '@/lib/money';
import type { Translate } from '@/lib/sales/labels';

export { payStyleName } from '@/lib/sales/labels';

/** The delivery states a trade may be searched by (shared with the trades page's filter). */
export const DELIVERIES = [
  'pending',
  'delivered',
  'failed_sold_out',
  'failed',
  'no_stock',
  'no_such_goods',
  'unknown',
] as const;

/**
 * A trade's states in people's words, the same on the machine's page, the trades page and the
 * CSV (the catalogue's `machine.trades` words). Codes past the tables keep their number (D71).
 */
interface States {
  payStatus: number | null;
  delivery: string | null;
  deliverStatus: number | null;
  refundStatus: number | null;
  refundFee: number | null;
}

/** The payment states the catalogue names (§3.1's table); others are shown by their code. */
export const PAY_STATUSES = [0, 1, 2, 3] as const;
/** The refund states a search offers: refunding, refunded, failed. */
export const REFUND_STATUSES = [1, 2, 3] as const;

export function payStatusName(t: Translate, code: number | null) {
  if (code === null) return '';
  return (PAY_STATUSES as readonly number[]).includes(code)
    ? t(`machine.trades.payStatus.s${code}`)
    : t('machine.trades.payStatus.code', { code });
}

export function deliveryName(t: Translate, x: Pick<States, 'delivery' | 'deliverStatus'>) {
  if (x.delivery === null) return '';
  return x.delivery === 'unknown'
    ? t('machine.trades.delivery.unknown', { code: x.deliverStatus ?? '' })
    : t(`machine.trades.delivery.${x.delivery}`);
}

/** Empty for a trade never refunded. */
export function refundName(t: Translate, x: Pick<States, 'refundStatus' | 'refundFee'>) {
  const s = x.refundStatus;
  if (s === null || s === 0) return '';
  if (s === 2) return t('machine.trades.refund.s2', { yuan: fenToYuanText(x.refundFee ?? 0) });
  if (s === 1 || s === 3) return t(`machine.trades.refund.s${s}`);
  return t('machine.trades.refund.code', { code: s });
}

/** What the buyer paid, in fen: the trade's amount, else its price times its count. */
export const tradeAmount = (x: {
  cost: number | null;
  price: number | null;
  count: number | null;
}) => x.cost ?? (x.price ?? 0) * (x.count ?? 1);

/** The time a trade counts at (paid, else created: D5). */
export const tradeTimeOf = (x: { payTime: number | null; createTime: number | null }) =>
  x.payTime ?? x.createTime;

/** The time the machine stated when it was not believed (D71): the one the trade's time replaced. */
export const statedTimeOf = (x: {
  payTime: number | null;
  createTime: number | null;
  payTimeStated: number | null;
  createTimeStated: number | null;
}) => (x.payTime != null ? x.payTimeStated : x.createTime != null ? x.createTimeStated : null);
