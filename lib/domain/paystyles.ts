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

export const GAME_PAY_STYLE = 8;
export const CASH_PAY_STYLE = 4;
