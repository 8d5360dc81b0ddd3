/**
 * The SAAS twin's state. Money is integer minor units of the cabinet's currency; it becomes a
 * decimal ("3.00") only on the wire (money.ts).
 */

/** Visual cabinets recognise by camera; gravity cabinets weigh, so they can sell by weight. */
export type CabinetKind = 'visual' | 'gravity';

/** 002 §11.4: 1 = by piece, 2 = by weight. */
export type MeterType = 1 | 2;

export interface SaasCommodity {
  /** 16 digits, like §3's "2164367863923397". */
  commodityId: string;
  name: string;
  /** 8 digits, like §3's "69353535". */
  sku: string;
  /** Grams of one piece; for weight-priced goods 1000, the kilogram their price is for. */
  weight: number;
  meterType: MeterType;
  /** Typical grams of one stocked piece (what a customer of weight-priced goods takes). */
  pieceGrams: number;
  /** Unit price (per piece, or per kilogram), minor units of the cabinet's currency. */
  priceMinor: number;
  pictureUrl: string;
  doorNo: number;
}

export interface StockSlot {
  doorNo: number;
  layerNo: number;
  commodityId: string;
  capacity: number;
  /** Pieces on the layer. */
  stock: number;
}

export interface SaasCabinet {
  /** 10 digits, like §2's "2412090001" (install date yyMMdd + sequence). */
  machineId: string;
  name: string;
  kind: CabinetKind;
  chilled: boolean;
  /** 0–5; 0 means offline: the door cannot be opened. */
  signal: number;
  /** Degrees Celsius as text, as §2 sends it. */
  temperature: string;
  /** 1 running, 0 locked (§2: "whether to lock the machine"; its example machine shows 1). */
  runningState: 0 | 1;
  currency: string;
  /** Decimal text, as §4 sends it ("50"). */
  preAuthorLimit: string;
  qrCodeUrl: string;
  doors: number;
  /** One entry per commodity per door: the §3 list. */
  commodities: SaasCommodity[];
  slots: StockSlot[];
}

export interface SaasKnobs {
  /** The door fails to open, or the close reports an exception: a Cancel callback. */
  cancelRate: number;
  /** OrderDetected with TradeProcessMode 1 (opened, nothing taken). */
  processMode1Rate: number;
  /** OrderDetected with TradeProcessMode 2 (left to the merchant). */
  processMode2Rate: number;
  /** OrderDetected with Status=false and a recognition-failure reason. */
  recognitionFailureRate: number;
  /** The door closes and OrderDetected never comes. */
  neverSettleRate: number;
  /** Spacing between the callbacks of one order. */
  callbackDelayMs: number;
  /**
   * Login's answer (D73): `documented` {statusCode, data:{Token, ExpiresIn}}, `code`
   * {Code, Data:{Token, ExpiresIn}}, `lower` {statusCode, data:{token, expiresIn}, succeeded},
   * or `other` (one of the two undocumented ones, at random per login).
   */
  loginShape: LoginShape | 'other';
  /** Vendor quirks: share of the optional members (Msg, OrderNo, CustomerDetails) left out. */
  omitRate: number;
  /** Vendor quirks: share of order-event callbacks (§11.4–§11.7) sent without Data. */
  dataMissingRate: number;
}

export type LoginShape = 'documented' | 'code' | 'lower';

export type Outcome =
  | { kind: 'normal' }
  | { kind: 'no-shopping' }
  | { kind: 'interrupted'; reason: string }
  | { kind: 'recognition-failure'; reason: string }
  | { kind: 'never-settled' }
  | { kind: 'cancel'; when: 'open' | 'close'; reason: string }
  | { kind: 'restock' }
  | { kind: 'refused'; reason: string };

export type OrderState =
  | 'refused'
  | 'opening'
  | 'opened'
  | 'closed'
  | 'cancelled'
  | 'detected'
  | 'recognition-failed'
  | 'settled';

/** What a customer really took (or a restocker really put), whatever the platform reports. */
export interface TakenLine {
  commodityId: string;
  name: string;
  layerNo: number;
  meterType: MeterType;
  pieces: number;
  /** Weighed grams (weight-priced goods); the BuyCount of a MeterType 2 line. */
  grams: number;
  priceMinor: number;
  amountMinor: number;
  pictureUrl: string;
}

export interface RestockLine {
  commodityId: string;
  name: string;
  layerNo: number;
  meterType: MeterType;
  priceMinor: number;
  pictureUrl: string;
  spotCount: number;
  stockCount: number;
  sno: number;
}

export interface CallbackAttempt {
  /** Epoch ms (the twin's clock). */
  at: number;
  status: number | null;
  error?: string;
  reply?: string;
}

export interface CallbackRecord {
  seq: number;
  action: string;
  url: string;
  body: string;
  naming: 'PascalCase' | 'camelCase';
  state: 'pending' | 'delivered' | 'failed';
  attempts: CallbackAttempt[];
}

export interface PaymentReport {
  at: number;
  orderId: string;
  orderNo: string;
  payType: 0 | 1 | 2;
  payStatus: 1 | 2;
  errorMessage: string;
}

export interface MoneyEvent {
  /** The deduction order number (§11.6) or refund order number (§11.7). */
  orderNo: string;
  amountMinor: number;
  at: number;
}

export interface SaasOrder {
  orderId: string;
  /** The SaasAPI order number of §11, sent back in ReportPaymentResult. */
  orderNo: string;
  machineId: string;
  doorNo: number;
  transeType: 0 | 2;
  customerDetails: string;
  remark: string;
  timeSp: number | null;
  notifyUrl: string;
  createdAt: number;
  currency: string;
  state: OrderState;
  outcome: Outcome;
  /** The truth of the door session: what left the cabinet (buy orders). */
  taken: TakenLine[];
  /** Sum of `taken`, what a normal recognition or a settlement bills. */
  totalMinor: number;
  /** Billed so far: detection or settlement, plus adjustments. */
  billedMinor: number;
  refundedMinor: number;
  adjustments: MoneyEvent[];
  refunds: MoneyEvent[];
  restock?: {
    transId: number;
    trackingId: string;
    lines: RestockLine[];
    confirmedAt?: number;
  };
  payments: PaymentReport[];
  callbacks: CallbackRecord[];
}
