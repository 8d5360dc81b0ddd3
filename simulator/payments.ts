/**
 * How the twin's customers pay: payStyle codes of seed 000 §3.1 with a realistic mix, and the
 * §8.1 paySales name each code is settled under.
 */
export const PAY_MIX: readonly { payStyle: number; weight: number }[] = [
  { payStyle: 2, weight: 44 }, // WeChat
  { payStyle: 3, weight: 28 }, // Alipay
  { payStyle: 4, weight: 8 }, // cash
  { payStyle: 13, weight: 5 }, // WeChat barcode
  { payStyle: 19, weight: 4 }, // Alipay barcode
  { payStyle: 21, weight: 2 }, // UnionPay
  { payStyle: 23, weight: 2 }, // QR aggregate
  { payStyle: 5, weight: 1.5 }, // card swipe
  { payStyle: 11, weight: 1 }, // one-card
  { payStyle: 16, weight: 1 }, // JD Pay
  { payStyle: 7, weight: 1 }, // pickup code
  { payStyle: 8, weight: 1.5 }, // game prize
  { payStyle: 14, weight: 0.5 }, // member pay
  { payStyle: 15, weight: 0.5 }, // Bestpay
];

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

/** The §8.1 paySales name a payStyle is settled under ("other" when §8.1 names none). */
export function settlementName(payStyle: number): string {
  return SETTLEMENT_NAMES[payStyle] ?? 'other';
}

export const CASH = 4;
/** Online payments carry a payment provider's trade number. */
export const ONLINE = new Set([2, 3, 13, 19, 21, 23, 16, 15, 14, 17, 18, 22]);
