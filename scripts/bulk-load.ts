import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { projectDevice } from '@/lib/ingest/device';
import { projectRefill } from '@/lib/ingest/refill';
import { projectStatus } from '@/lib/ingest/status';
import { projectTrade } from '@/lib/ingest/trade';
import { bufferProjections, type IngestContext } from '@/lib/ingest/context';
import type { DeviceMessage, StatusMessage, TradeMessage } from '@/lib/ingest/push/schemas';
import { deviceSchema, statusSchema } from '@/lib/ingest/push/schemas';
import type { TwinTrade } from '@/simulator/engine';
import { historyWindow, type HistoryOptions } from '@/simulator/history';
import { lazyHistoryInWorker, type LazyBatch } from '@/simulator/history-worker';

export interface BulkOptions extends HistoryOptions {
  clientId: string;
  onDay?: (p: { day: number; days: number; trades: number }) => void;
}

const envelope = { clientId: '', nonce_str: 'bulk', sign: 'bulk' };

/**
 * Simulated days per transaction. A week rather than a day: a large fleet's month rollup rows
 * and its machines' pages are written once a week instead of daily (D14).
 */
const DAYS_PER_TRANSACTION = 7;

/**
 * Writes a twin fleet and its history straight through the app's own projections (the same
 * code the receivers run, minus HTTP, signatures and the inbox), a simulated week per
 * transaction, while a second thread generates the next days. Status history is kept to the
 * last day (or left out); trades and refills are complete. The same seed and window give the
 * same trade ids as the live twin, so a twin started afterwards continues this history.
 */
export async function bulkLoad(db: Db, o: BulkOptions) {
  const { start, end } = historyWindow(o);
  const { clientId, onDay, ...options } = o;
  // A seeding run: no sync per commit, and a page cache (4 GB) that holds what every trade
  // writes at random places: after a year of 5,000 machines the trade-id, order-number and
  // (asset, pay time) indexes and the rollups are 1.1 GB together, more than the 1 GB it had.
  const pragmas = {
    cache_size: db.$client.pragma('cache_size', { simple: true }),
    synchronous: db.$client.pragma('synchronous', { simple: true }),
  };
  db.$client.pragma('cache_size = -4000000');
  db.$client.pragma('synchronous = OFF');
  const ctx = (t: number): IngestContext => ({ db, clientId, inboxId: 0, receivedAt: t });
  const parse = <T>(schema: { parse: (v: unknown) => T }, payload: object) =>
    schema.parse({ ...envelope, clientId, ...payload });
  let trades = 0;
  /** Projects a group of days in one transaction; their rollup changes are summed in memory. */
  const write = async (days: LazyBatch[]) =>
    await inTransaction(db, () =>
      bufferProjections(db, async () => {
        for (const lazy of days) {
          const batch = lazy.unpack();
          for (const m of batch.messages) {
            if (m.kind === 'trade') {
              trades++;
              await projectTrade(ctx(m.t), tradeMessage(clientId, m.trade));
            } else if (m.kind === 'status') {
              await projectStatus(ctx(m.t), parse<StatusMessage>(statusSchema, m.payload));
            } else if (m.kind === 'refill') {
              // The twin's payload already has the parsed shape (numbers as numbers, no blanks):
              // zod would only copy it, and that copy was most of a refill's time.
              await projectRefill(ctx(m.t), m.payload);
            } else {
              await projectDevice(ctx(m.t), parse<DeviceMessage>(deviceSchema, m.payload));
            }
          }
          if (batch.day >= 1 && batch.day <= o.days)
            onDay?.({ day: batch.day, days: o.days, trades });
        }
      }),
    );
  try {
    // The generator keeps two groups ahead, so the next group is ready when one commits. The
    // first group is the first batch alone (the fleet's devices), written while the next
    // days are generated.
    let group: LazyBatch[] = [];
    let size = 1;
    for await (const batch of lazyHistoryInWorker({ ...options, end }, DAYS_PER_TRANSACTION * 2)) {
      group.push(batch);
      if (group.length >= size) {
        await write(group);
        group = [];
        size = DAYS_PER_TRANSACTION;
      }
    }
    if (group.length) await write(group);
  } finally {
    db.$client.pragma(`cache_size = ${Number(pragmas.cache_size)}`);
    db.$client.pragma(`synchronous = ${Number(pragmas.synchronous)}`);
  }
  return { start, end, trades, machines: o.machines };
}

/**
 * Trades are most of the volume: the message is built directly rather than through zod, as one
 * literal. (A spread followed by two dozen members left V8 keeping each message as a hash table,
 * which made every later read of it slow: the trade path took three times as long.)
 */
function tradeMessage(clientId: string, t: TwinTrade): TradeMessage {
  return {
    clientId,
    nonce_str: envelope.nonce_str,
    sign: envelope.sign,
    id: t.id,
    assetId: t.assetId,
    orderNo: t.orderNo,
    tradeNo: t.tradeNo || undefined,
    goodsId: t.goodsId,
    goodsName: t.goodsName,
    goodsNumber: t.goodsNumber,
    locationId: t.locationId,
    cid: t.cid,
    type: t.typeId,
    typeName: t.typeName,
    price: t.price,
    count: t.count,
    payStyle: t.payStyle,
    payStatus: t.payStatus,
    payTime: t.payTime,
    createTime: t.createTime,
    deliverStatus: t.deliverStatus,
    exec_ts: t.execTs || undefined,
    refundStatus: t.refundStatus,
    refundFee: t.refundFee,
    refundTime: t.refundTime || undefined,
  };
}
