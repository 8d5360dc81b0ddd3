import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { projectDevice } from '@/lib/ingest/device';
import { projectRefill } from '@/lib/ingest/refill';
import { projectStatus } from '@/lib/ingest/status';
import { projectTrade } from '@/lib/ingest/trade';
import type { IngestContext } from '@/lib/ingest/context';
import type {
  DeviceMessage,
  RefillContent,
  StatusMessage,
  TradeMessage,
} from '@/lib/notify/schemas';
import { deviceSchema, refillContentSchema, statusSchema } from '@/lib/notify/schemas';
import { FleetEngine, type TwinTrade } from '@/simulator/engine';
import { generateFleet } from '@/simulator/fleet';
import {
  devicePayload,
  fullStatusPayload,
  refillPayload,
  statusPayload,
} from '@/simulator/payloads';
import { DAY, HOUR } from '@/simulator/time';

export interface BulkOptions {
  seed: number;
  machines: number;
  lines?: number;
  days: number;
  /** End of the history (default now, on an hour). */
  end?: number;
  /** Status events before this are not written (default: the last day of the history). */
  statusFrom?: number;
  /** Write no status history at all, only each machine's state at the end (scale seeding). */
  finalStatusOnly?: boolean;
  clientId: string;
  onDay?: (p: { day: number; days: number; trades: number }) => void;
}

const envelope = { clientId: '', nonce_str: 'bulk', sign: 'bulk' };

/**
 * Writes a twin fleet and its history straight through the app's own projections (the same
 * code the receivers run, minus HTTP, signatures and the inbox), a simulated day per
 * transaction. Status history is kept to the last day; trades and refills are complete. The
 * same seed and window give the same trade ids as the live twin, so a twin started afterwards
 * continues this history and its pulls agree with it.
 */
export function bulkLoad(db: Db, o: BulkOptions) {
  const end = Math.floor((o.end ?? Date.now() / 1000) / HOUR) * HOUR;
  const start = end - o.days * DAY;
  const fleet = generateFleet({ seed: o.seed, machines: o.machines, lines: o.lines });
  const engine = new FleetEngine(fleet, start, {
    statusFrom: Math.max(o.statusFrom ?? 0, end - DAY),
  });
  const machines = new Map(fleet.machines.map((m) => [m.assetId, m]));
  engine.advanceTo(start);
  // A seeding run: a large page cache keeps the indexes in memory, and no sync per commit.
  const pragmas = {
    cache_size: db.$client.pragma('cache_size', { simple: true }),
    synchronous: db.$client.pragma('synchronous', { simple: true }),
  };
  db.$client.pragma('cache_size = -1000000');
  db.$client.pragma('synchronous = OFF');
  const ctx = (t: number): IngestContext => ({
    db,
    clientId: o.clientId,
    inboxId: 0,
    receivedAt: t,
  });
  const parse = <T>(schema: { parse: (v: unknown) => T }, payload: object) =>
    schema.parse({ ...envelope, clientId: o.clientId, ...payload });
  inTransaction(db, () => {
    for (const m of fleet.machines)
      projectDevice(ctx(start), parse<DeviceMessage>(deviceSchema, devicePayload(m)));
    if (o.finalStatusOnly) return;
    for (const s of engine.snapshot())
      projectStatus(
        ctx(start),
        parse<StatusMessage>(statusSchema, fullStatusPayload(machines.get(s.assetId)!, s)),
      );
  });
  let trades = 0;
  for (let day = 0; day < o.days; day++) {
    const events = engine.advanceTo(start + (day + 1) * DAY);
    inTransaction(db, () => {
      for (const e of events) {
        if (e.kind === 'trade') {
          trades++;
          projectTrade(ctx(e.t), tradeMessage(o.clientId, e.trade));
        } else if (e.kind === 'status') {
          projectStatus(
            ctx(e.t),
            parse<StatusMessage>(
              statusSchema,
              statusPayload(machines.get(e.status.assetId)!, e.status),
            ),
          );
        } else {
          projectRefill(
            ctx(e.t),
            parse<RefillContent>(
              refillContentSchema,
              refillPayload(machines.get(e.refill.assetId)!, e.refill),
            ),
          );
        }
      }
    });
    o.onDay?.({ day: day + 1, days: o.days, trades });
  }
  // Each machine's state as it now stands (all of it, where the status history was left out).
  inTransaction(db, () => {
    for (const s of engine.snapshot()) {
      const payload = fullStatusPayload(machines.get(s.assetId)!, s);
      projectStatus(ctx(end), parse<StatusMessage>(statusSchema, payload));
    }
  });
  db.$client.pragma(`cache_size = ${Number(pragmas.cache_size)}`);
  db.$client.pragma(`synchronous = ${Number(pragmas.synchronous)}`);
  return { start, end, trades, machines: fleet.machines.length };
}

/** Trades are most of the volume: the message is built directly rather than through zod. */
function tradeMessage(clientId: string, t: TwinTrade): TradeMessage {
  return {
    ...envelope,
    clientId,
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
