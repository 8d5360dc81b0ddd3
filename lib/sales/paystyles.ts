/** §5.1 categories, in the order the statistic lists them, with their payStyle codes. */
export const STAT_CATEGORIES = [
  ['wechat', [2]],
  ['alipay', [3]],
  ['cash', [4]],
  ['game', [8]],
  ['baifubao', [1]],
  ['alipaySoundWave', [9]],
  ['swingCard', [5]],
  ['posMachine', [10]],
  ['oneCardsolution', [11]],
  ['agriculturalBank', [12]],
  ['vipPay', [14]],
  ['bestPay', [15]],
  ['jdpay', [16]],
  ['wechatBarcode', [13]],
  ['alipayBarcode', [19]],
] as const satisfies readonly (readonly [string, readonly number[]])[];

export { GAME_PAY_STYLE } from '@/db/codes';
export const CASH_PAY_STYLE = 4;

/**
 * The payStyle codes the catalogue names: §3.1's list, plus 17 (Apple Pay) and 18 (PayPal),
 * which V0.9 leaves out and the vendor's own code sends (D71). Any other code is kept as it
 * came, counted as "other", and shown as "payment method N".
 */
export const PAY_STYLE_CODES = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
] as const;

/**
 * The §8.1 paySales name a payStyle is settled under. §8.1 names no method for badge (6),
 * pickup code (7) or points (20): they are "other", as is a trade without a payStyle.
 */
const SETTLEMENT_NAMES: Record<number, string> = {
  1: 'baifubao',
  2: 'wechat',
  3: 'alipay',
  4: 'cash',
  5: 'swingCard',
  8: 'game',
  9: 'alipaySoundWave',
  10: 'pos',
  11: 'oneCardsolution',
  12: 'agriculturalBank',
  13: 'wechatBarcode',
  14: 'vipPay',
  15: 'bestPay',
  16: 'jdpay',
  19: 'alipayBarcode',
  21: 'unionPay',
  22: 'dragon',
  23: 'qrcodepay',
  24: 'icbcpay',
  25: 'onePurse',
  26: 'unionReversepay',
  27: 'cvcpay',
};

export function settlementName(payStyle: number | null | undefined): string {
  return (payStyle != null && SETTLEMENT_NAMES[payStyle]) || 'other';
}

/** §8.1's names in its order: the three it always sends, then each method. */
export const SETTLEMENT_ORDER = [
  'total',
  'cash',
  'cashless',
  'wechat',
  'alipay',
  'baifubao',
  'alipaySoundWave',
  'swingCard',
  'pos',
  'oneCardsolution',
  'agriculturalBank',
  'game',
  'vipPay',
  'bestPay',
  'jdpay',
  'wechatBarcode',
  'alipayBarcode',
  'other',
  'unionPay',
  'qrcodepay',
  'icbcpay',
  'dragon',
  'onePurse',
  'unionReversepay',
  'cvcpay',
  'customPayOne',
  'customPayTwo',
] as const;
