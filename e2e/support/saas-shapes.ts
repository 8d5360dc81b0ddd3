/**
 * Our own fixtures in the shapes the real SAAS platform sends (issue 17, docs/decisions.md
 * D73), written as raw JSON text: ids as JSON numbers must keep digits no JavaScript number
 * holds. The unit tests read them directly; the integration tests post them to a real order.
 */

/** 16 digits, past 2^53 (9007199254740992): JSON.parse reads 9123456789012344. */
export const ID_PAST_2_53 = '9123456789012345';
/** The first integer a double cannot hold. */
export const FIRST_UNSAFE = '9007199254740993';

export interface ShapeParams {
  orderId: string;
  /** The SaasAPI order number, digits (sent as a JSON number). */
  orderNo: string;
  /** A commodity the cabinet sells, digits (sent as a JSON number). */
  commodityId: string;
  name: string;
  /** Its unit price as decimal text in the cabinet's currency ("3.50"). */
  price: string;
  /** Epoch milliseconds of "now". */
  nowMs: number;
}

/** The callbacks of one purchase, each in a shape the documents do not show. */
export function quirkCallbacks(p: ShapeParams) {
  const s = Math.floor(p.nowMs / 1000);
  const lines = (key: 'price' | 'Price', count: number) =>
    `[{"Id":${p.commodityId},"AlisName":${JSON.stringify(p.name)},"BuyCount":${count},"MeterType":1,"${key}":${p.price}}]`;
  return {
    /** No OrderNo, Msg, CustomerDetails or Data at all. */
    openedBare: `{"OrderId":"${p.orderId}","TranseType":0,"Action":"OpenedDoor","Status":true}`,
    /** camelCase, Data as the platform's words, OrderNo as a number, timestamp in ms. */
    closedText: `{"orderId":"${p.orderId}","orderNo":${p.orderNo},"transeType":0,"action":"CloseDoor","status":true,"data":"Door closed","timestamp":${p.nowMs}}`,
    /** Data an object, `price` in lower case, the commodity id a number, timestamp in s. */
    detectedObject: `{"OrderId":"${p.orderId}","OrderNo":${p.orderNo},"TranseType":0,"OrgId":512345,"Action":"OrderDetected","Status":true,"Msg":"Identified successfully","Data":{"TradeProcessMode":0,"TradeProductModels":${lines('price', 2)}},"timestamp":${s}}`,
    /** The same result with Data as JSON text, ids as numbers inside it, `Price`. */
    detectedText: `{"OrderId":"${p.orderId}","Action":"OrderDetected","Status":"True","Data":${JSON.stringify(`{"TradeProcessMode":0,"TradeProductModels":${lines('Price', 2)}}`)}}`,
    /** §11.6: the deduction number a 16-digit number past 2^53; no Msg, no CustomerDetails. */
    adjustment: `{"OrderId":"${p.orderId}","OrderNo":${p.orderNo},"Action":"OrderAdjustment","Status":true,"Data":{"OrderNo":${ID_PAST_2_53},"OrderProducts":${lines('Price', 1)}}}`,
    /** §11.7 as its table spells it: "Refund Order No", with spaces, as a number. */
    refund: `{"OrderId":"${p.orderId}","Action":"OrderRefund","Status":true,"Data":${JSON.stringify(`{"RefundRemark":"Customer complaint","Refund Order No":${FIRST_UNSAFE},"OrderRefundProducts":${lines('price', 1)}}`)},"timestamp":${p.nowMs}}`,
  };
}

/** A recognition result that came without its Data. */
export const detectedWithoutData = (orderId: string, orderNo: string) =>
  `{"OrderId":"${orderId}","OrderNo":${orderNo},"Action":"OrderDetected","Status":true,"Msg":"Identified successfully"}`;

/** Login's answer in the three shapes seen (D73). */
export const LOGIN_SHAPES = {
  documented: (token: string, ttl: number) =>
    `{"statusCode":200,"data":{"Token":"${token}","ExpiresIn":${ttl}},"succeeded":true,"errors":null,"extras":null,"timestamp":1743496289599}`,
  code: (token: string, ttl: number) =>
    `{"Code":200,"Data":{"Token":"${token}","ExpiresIn":${ttl}}}`,
  lower: (token: string, ttl: number) =>
    `{"statusCode":200,"data":{"token":"${token}","expiresIn":${ttl}},"succeeded":true}`,
} as const;
