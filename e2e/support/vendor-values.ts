/**
 * Push payloads (without clientId, nonce_str and sign) shaped as the Smart Vending vendor's own
 * code sends them rather than as seed 000 reads (issue 17; D71): our own fixtures, written from
 * the facts the issue gives.
 */

/** An unsigned byte as the machines send a temperature: −6 °C is 250. */
export const byte = (celsius: number) => (celsius < 0 ? celsius + 256 : celsius);

/**
 * A freezer's status: temperatures and set points as unsigned bytes, the right room without a
 * sensor (200: −56 °C, colder than any sensor reads), three chambers in commonField as the JSON
 * text of a JSON text (the third without a sensor), flags and coins as strings.
 */
export function vendorFreezerStatus(assetId: string, overrides: Record<string, unknown> = {}) {
  return {
    assetId,
    online: '0',
    vmcOnline: '1',
    isSale: '1',
    coin5Count: '12',
    coin10Count: '30',
    temperState: [
      {
        cid: 'master',
        temperDetail: {
          engyOnT: '0:0',
          engyOffT: '6:0',
          lampOnT: '18:0',
          lampOffT: '7:0',
          cryTemUL: byte(-4),
          cryTemDL: String(byte(-18)),
          heatTemUL: '60',
          heatTemDL: '50',
          leftRmTem: 250,
          rightRmTem: 200,
          leftRmRef: '1',
          rightRmRef: '1',
          leftRmHeat: '0',
          rightRmHeat: '0',
          lampNorOp: '0',
          lampAut: '1',
          commonField: JSON.stringify(
            JSON.stringify({ wh1: byte(-16), wh2: String(byte(-10)), wh3: 196, wendy: 4 }),
          ),
        },
      },
    ],
    ...overrides,
  };
}

/**
 * A trade as the vendor's code sends it: every number a string, times in milliseconds (as text
 * or as numbers), and any payStyle, payStatus, deliverStatus or refundStatus code.
 */
export function vendorTrade(
  id: string,
  assetId: string,
  at: number,
  overrides: Record<string, unknown> = {},
) {
  return {
    id,
    orderNo: `${at}000-${id}`,
    tradeNo: `4200${at}${id}`,
    locationId: '2',
    assetId,
    cid: assetId,
    goodsId: 'g-tea',
    goodsName: '统一冰绿茶',
    goodsNumber: '2345464676',
    type: '566e2e720cf2af0d94250663',
    typeName: '茶饮料',
    deliverStatus: '0',
    exec_ts: at * 1000 + 6000,
    price: '300',
    payStatus: '1',
    count: '1',
    payTime: String(at * 1000),
    createTime: (at - 20) * 1000,
    refundFee: '0',
    refundStatus: '0',
    refundTime: '',
    payStyle: '23',
    ...overrides,
  };
}
