/** Realistic seed-000 push payloads (without clientId, nonce_str and sign) for tests and benchmarks. */

export function deviceMessage(assetId: string, overrides: Record<string, unknown> = {}) {
  return {
    assetId,
    name: `测试机#${assetId.slice(-3)}`,
    siteName: '启明国际大厦',
    lineName: '京港地铁 14 号线',
    location: { longitude: 116.39564514160156, latitude: 39.929985046386719 },
    containers: [
      {
        cid: assetId,
        type: 1,
        shelves: [
          {
            location_id: '1',
            goods_id: 'g-ginger',
            goods_name: '三得利蜜香暖姜',
            price: '500',
            Img: 'img1',
            Imgmd5: 'm1',
            capacity: 20,
            valve: 3,
          },
          {
            location_id: '2',
            goods_id: 'g-tea',
            goods_name: '统一冰绿茶',
            price: '300',
            Img: 'img2',
            Imgmd5: 'm2',
            capacity: 12,
            valve: 2,
          },
        ],
      },
    ],
    ...overrides,
  };
}

export function tradeMessage(id: string, assetId: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    orderNo: `1450163934464-${id}`,
    tradeNo: `10058107482015121520${id}`,
    locationId: '2',
    assetId,
    cid: assetId,
    goodsId: 'g-tea',
    goodsName: '统一冰绿茶',
    goodsNumber: '2345464676',
    type: '566e2e720cf2af0d94250663',
    typeName: '茶饮料',
    deliverStatus: '0',
    exec_ts: '1450163985',
    price: '300',
    payStatus: '1',
    count: '1',
    payTime: '1450163984',
    createTime: '1450163934',
    refundFee: '0',
    refundStatus: '0',
    refundTime: '',
    payStyle: '2',
    ...overrides,
  };
}

export function statusMessage(assetId: string, overrides: Record<string, unknown> = {}) {
  return { assetId, ...overrides };
}

export function refillMessage(
  assetId: string,
  refillTime: number,
  overrides: Record<string, unknown> = {},
) {
  const pay = (total: number, units: number) => [
    { name: 'total', sales: total, units },
    { name: 'cash', sales: 0, units: 0 },
    { name: 'cashless', sales: total, units },
    { name: 'wechat', sales: total, units },
  ];
  return {
    assetId,
    siteName: '启明国际大厦',
    siteNumber: 'S-001',
    lineName: '京港地铁 14 号线',
    lastRefillTime: refillTime - 86400,
    refillTime,
    paySales: pay(900, 3),
    shelfPaySales: [
      {
        cid: assetId,
        locationId: '2',
        goodsId: 'g-tea',
        goodsName: '统一冰绿茶',
        goodsNumber: '2345464676',
        price: 300,
        stock: 12,
        refillCount: 3,
        paySales: pay(900, 3),
      },
    ],
    ...overrides,
  };
}

/**
 * A status push's reading of a cooling main cabinet (band 4–8 °C): its two rooms' temperatures,
 * for tests of excursions and their alerts.
 */
export function coolingTemperatures(rooms: { left: number; right: number }) {
  return {
    temperState: [
      {
        cid: 'master',
        temperDetail: {
          cryTemUL: 8,
          cryTemDL: 4,
          leftRmTem: rooms.left,
          rightRmTem: rooms.right,
          leftRmRef: 1,
          rightRmRef: 1,
          leftRmHeat: 0,
          rightRmHeat: 0,
        },
      },
    ],
  };
}
