/**
 * payStyle codes (seed 000 §3.1) and the §5.1 statistic category each one is counted under.
 * Categories not named by §5.1 (badge, pickup code, points, UnionPay …) fall under "other".
 */
export const PAY_STYLES: Record<number, string> = {
  1: 'baifubao',
  2: 'wechat',
  3: 'alipay',
  4: 'cash',
  5: 'swingCard',
  6: 'badge',
  7: 'pickupCode',
  8: 'game',
  9: 'soundWave',
  10: 'pos',
  11: 'oneCard',
  12: 'abcMobile',
  13: 'wechatBarcode',
  14: 'vipPay',
  15: 'bestPay',
  16: 'jdPay',
  19: 'alipayBarcode',
  20: 'points',
  21: 'unionPay',
  22: 'dragonPay',
  23: 'qrPay',
  24: 'icbcPay',
  25: 'onePurse',
  26: 'unionPayBarcode',
  27: 'hemaBarcode',
};

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

export type StatCategory = (typeof STAT_CATEGORIES)[number][0] | 'other';

export const GAME_PAY_STYLE = 8;
export const CASH_PAY_STYLE = 4;

const byCode = new Map<number, StatCategory>(
  STAT_CATEGORIES.flatMap(([name, codes]) => codes.map((c) => [c, name] as const)),
);

export function statCategory(payStyle: number | null | undefined): StatCategory {
  return (payStyle != null && byCode.get(payStyle)) || 'other';
}
