import type { TwinTrade } from './engine';
import type { HistoryBatch, HistoryMessage } from './history';

/**
 * A day of history in a form that is cheap to receive on another thread. A structured clone of
 * a day of 5,000 machines (tens of thousands of trade objects, 19 MB) cost the receiving thread
 * about as much time as generating it. Trades are sent as numbers (in a transferred buffer) and
 * text instead: their repeated strings (machine, shelf, product) as indexes into a table that
 * grows as new strings appear, their own (id, orderNo, tradeNo) joined into one string.
 * Every other message is sent as it is; they are a few per machine a day.
 */
export interface PackedBatch {
  day: number;
  /** Per message, in order: 1 = the next trade, 0 = the next of `others`. */
  isTrade: Uint8Array;
  others: HistoryMessage[];
  /** Strings first seen in this batch, appended to the receiver's table in this order. */
  newStrings: string[];
  /** Per trade: `t`, then NUMBERS, then table indexes of SHARED. */
  numbers: Float64Array<ArrayBuffer>;
  /** Per trade, the fields of OWN, joined by SEP. */
  own: string;
}

const NUMBERS = [
  'price',
  'count',
  'payStyle',
  'payStatus',
  'payTime',
  'createTime',
  'deliverStatus',
  'execTs',
  'refundStatus',
  'refundFee',
  'refundTime',
] as const satisfies readonly (keyof TwinTrade)[];
const SHARED = [
  'assetId',
  'cid',
  'locationId',
  'goodsId',
  'goodsName',
  'goodsNumber',
  'typeId',
  'typeName',
] as const satisfies readonly (keyof TwinTrade)[];
const OWN = ['id', 'orderNo', 'tradeNo'] as const satisfies readonly (keyof TwinTrade)[];
const PER_TRADE = 1 + NUMBERS.length + SHARED.length;
const SEP = '\u0001';
/** Where each field is among a trade's numbers, after its `t`. */
const offsets = <F extends string>(fields: readonly F[], first: number) =>
  Object.fromEntries(fields.map((f, i) => [f, first + i])) as Record<F, number>;
const NUM = offsets(NUMBERS, 0);
const STR = offsets(SHARED, NUMBERS.length);

/** The sending side: remembers which strings the receiver already has. */
export function packer() {
  const known = new Map<string, number>();
  return (batch: HistoryBatch): PackedBatch => {
    const trades = batch.messages.filter((m) => m.kind === 'trade');
    const isTrade = new Uint8Array(batch.messages.length);
    const others: HistoryMessage[] = [];
    batch.messages.forEach((m, i) => (m.kind === 'trade' ? (isTrade[i] = 1) : others.push(m)));
    const newStrings: string[] = [];
    const numbers = new Float64Array(trades.length * PER_TRADE);
    const own: string[] = [];
    let k = 0;
    for (const { t, trade } of trades) {
      numbers[k++] = t;
      for (const f of NUMBERS) numbers[k++] = trade[f];
      for (const f of SHARED) {
        let index = known.get(trade[f]);
        if (index === undefined) {
          index = known.size;
          known.set(trade[f], index);
          newStrings.push(trade[f]);
        }
        numbers[k++] = index;
      }
      for (const f of OWN) {
        if (trade[f].includes(SEP)) throw new Error(`trade ${f} contains the separator`);
        own.push(trade[f]);
      }
    }
    return { day: batch.day, isTrade, others, newStrings, numbers, own: own.join(SEP) };
  };
}

/** The receiving side: the same batch, message for message and field for field. */
export function unpacker() {
  const table: string[] = [];
  return (p: PackedBatch): HistoryBatch => {
    for (const s of p.newStrings) table.push(s);
    const own = p.own === '' ? [] : p.own.split(SEP);
    const n = p.numbers;
    const messages: HistoryMessage[] = new Array(p.isTrade.length);
    let k = 0;
    let o = 0;
    let other = 0;
    for (let i = 0; i < p.isTrade.length; i++) {
      if (!p.isTrade[i]) {
        messages[i] = p.others[other++]!;
        continue;
      }
      const t = n[k++]!;
      // One literal, in TwinTrade's field order, so that every trade object has the same shape.
      const trade: TwinTrade = {
        id: own[o++]!,
        orderNo: own[o++]!,
        tradeNo: own[o++]!,
        assetId: table[n[k + STR.assetId]! | 0]!,
        cid: table[n[k + STR.cid]! | 0]!,
        locationId: table[n[k + STR.locationId]! | 0]!,
        goodsId: table[n[k + STR.goodsId]! | 0]!,
        goodsName: table[n[k + STR.goodsName]! | 0]!,
        goodsNumber: table[n[k + STR.goodsNumber]! | 0]!,
        typeId: table[n[k + STR.typeId]! | 0]!,
        typeName: table[n[k + STR.typeName]! | 0]!,
        price: n[k + NUM.price]!,
        count: n[k + NUM.count]!,
        payStyle: n[k + NUM.payStyle]!,
        payStatus: n[k + NUM.payStatus]!,
        payTime: n[k + NUM.payTime]!,
        createTime: n[k + NUM.createTime]!,
        deliverStatus: n[k + NUM.deliverStatus]!,
        execTs: n[k + NUM.execTs]!,
        refundStatus: n[k + NUM.refundStatus]!,
        refundFee: n[k + NUM.refundFee]!,
        refundTime: n[k + NUM.refundTime]!,
      };
      k += PER_TRADE - 1;
      messages[i] = { kind: 'trade', t, trade };
    }
    return { day: p.day, messages };
  };
}
