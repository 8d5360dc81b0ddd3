import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction, runsAgain } from '@/db/prepared';
import { insertPushes, insertTrades, tradesByTradeIds, type NewTrade } from '@/db/queries/push';
import { lockOrderNos, renameTrades } from '@/db/queries/pulled-trades';
import { keepShelfStocks } from '@/db/shelf-stock';
import type { ShelfSale } from '@/db/shelf-stock';
import { bufferProjections, touchMachines, type IngestContext } from '@/lib/ingest/context';
import { pulledTradeId } from '@/lib/ingest/pulled-trade';
import { rollupTrade } from '@/lib/ingest/rollup';
import {
  newTradeRow,
  pushedTradeFields,
  upsertTradeRow,
  type TradeState,
} from '@/lib/ingest/trade';
import { log } from '@/lib/ops/log';
import { errorText } from '@/db/errors';
import { SUCCESS, verifiedRow, type NotifyResult, type VerifiedPush } from './receive';
import { tradeSchema, type TradeMessage } from './schemas';

/** Fewer than this many trades in a batch: the one-by-one path costs no more. */
const AT_LEAST = 2;

interface Candidate {
  /** Its place in the batch. */
  at: number;
  v: VerifiedPush & { nonce: string };
  m: TradeMessage;
}

/**
 * The trade pushes of a group-commit batch kept and projected together (D119): their inbox rows
 * in one statement, their orders locked and pulled rows adopted in one each, the stored ones
 * looked up in one, the new ones inserted in one, their shelves' stock in one. A trade's
 * projection one by one is ten round trips, most of a push's cost on PostgreSQL.
 *
 * Taken together only what cannot meet another message of the batch: verified, valid trades
 * with a nonce, each nonce, trade id and order number once. The rest, and any trade whose
 * (clientId, nonce) is already stored (a redelivery or a replay), go one by one after these, as
 * if they had come after them. If anything here throws, its savepoint is rolled back and every
 * candidate goes one by one too, where a projection's failure is kept on its own inbox row.
 *
 * Fills `out` for the messages it answered; returns the places of those it left.
 */
export async function keepTradesTogether(
  db: Db,
  batch: readonly (VerifiedPush | null)[],
  receivedAt: number,
  out: NotifyResult[],
): Promise<number[]> {
  const { candidates, rest } = choose(batch);
  if (candidates.length < AT_LEAST) return [...candidates.map((c) => c.at), ...rest].sort(byPlace);
  let kept: Candidate[];
  try {
    kept = await inTransaction(db, () =>
      bufferProjections(db, () => project(db, candidates, receivedAt)),
    );
  } catch (e) {
    if (runsAgain(e)) throw e;
    log().warn(
      { error: errorText(e), size: candidates.length },
      'trades kept together failed; one by one',
    );
    return [...candidates.map((c) => c.at), ...rest].sort(byPlace);
  }
  const done = new Set(kept.map((c) => c.at));
  for (const c of kept) out[c.at] = SUCCESS;
  // Already stored under its nonce: answered by the one-by-one path (redelivery or replay).
  const left = candidates.filter((c) => !done.has(c.at)).map((c) => c.at);
  return [...left, ...rest].sort(byPlace);
}

const byPlace = (a: number, b: number) => a - b;

/** The batch's trades that can be taken together, and the places of the rest. */
function choose(batch: readonly (VerifiedPush | null)[]) {
  const candidates: Candidate[] = [];
  const rest: number[] = [];
  const nonces = new Set<string>();
  const ids = new Set<string>();
  const orders = new Set<string>();
  batch.forEach((v, at) => {
    if (!v) return;
    const m = v.kind === 'trade' && v.nonce !== null ? tradeSchema.safeParse(v.message) : null;
    const key = `${v.clientId}\u0000${v.nonce}`;
    if (
      !m?.success ||
      nonces.has(key) ||
      ids.has(m.data.id) ||
      (m.data.orderNo !== undefined && orders.has(m.data.orderNo)) ||
      // A pulled trade's stand-in id: it could be another candidate's row being renamed.
      m.data.id.startsWith(pulledTradeId(''))
    ) {
      rest.push(at);
      return;
    }
    nonces.add(key);
    ids.add(m.data.id);
    if (m.data.orderNo !== undefined) orders.add(m.data.orderNo);
    candidates.push({ at, v: v as Candidate['v'], m: m.data });
  });
  return { candidates, rest };
}

/** Keeps and projects the candidates; returns those kept (the rest were stored already). */
async function project(db: Db, candidates: readonly Candidate[], receivedAt: number) {
  const stored = await insertPushes(
    db,
    candidates.map((c) => ({
      ...verifiedRow(c.v, receivedAt),
      clientId: c.v.clientId,
      nonce: c.v.nonce,
    })),
  );
  const inboxId = new Map(stored.map((k) => [`${k.clientId}\u0000${k.nonce}`, k.id]));
  const kept = candidates.filter((c) => inboxId.has(`${c.v.clientId}\u0000${c.v.nonce}`));
  if (!kept.length) return kept;

  // As adoptPulledTrade, for all: a sync importing one of these orders waits for this batch.
  const withOrder = kept.filter((c) => c.m.orderNo !== undefined && c.m.orderNo !== '');
  await lockOrderNos(
    db,
    withOrder.map((c) => c.m.orderNo!),
  );
  await renameTrades(
    db,
    withOrder.map((c) => ({ from: pulledTradeId(c.m.orderNo!), to: c.m.id })),
  );
  const existing = new Set(
    (
      await tradesByTradeIds(
        db,
        kept.map((c) => c.m.id),
      )
    ).map((t) => t.tradeId),
  );

  const contexts = kept.map((c): IngestContext & { assetId: string } => ({
    db,
    clientId: c.v.clientId,
    inboxId: inboxId.get(`${c.v.clientId}\u0000${c.v.nonce}`)!,
    receivedAt,
    assetId: c.m.assetId,
  }));
  await touchMachines(contexts);
  const inserts: NewTrade[] = [];
  const shelves: [ShelfSale | undefined, ShelfSale][] = [];
  for (const [i, c] of kept.entries()) {
    const ctx = contexts[i]!;
    const given = pushedTradeFields(c.m);
    let before: TradeState | undefined;
    let after: TradeState;
    if (existing.has(c.m.id)) ({ before, after } = await upsertTradeRow(ctx, given));
    else {
      const fields = await newTradeRow(ctx, given);
      inserts.push({ fields, at: receivedAt });
      after = fields as TradeState;
    }
    await rollupTrade(db, before, after);
    shelves.push([before, after]);
  }
  await insertTrades(db, inserts);
  await keepShelfStocks(db, shelves);
  return kept;
}
