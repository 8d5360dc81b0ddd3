import 'server-only';
import type { Db } from '@/db/client';
import { runsAgain } from '@/db/prepared';
import { insertPushes, keepTradeBatch, type NewTrade } from '@/db/queries/push';
import { adoptAndFindTrades } from '@/db/queries/pulled-trades';
import type { ShelfSale } from '@/db/shelf-stock';
import { bufferProjections, type IngestContext } from '@/lib/ingest/context';
import { noteMachineSeen } from '@/lib/alerts/changed';
import { pulledTradeId } from '@/lib/ingest/pulled-trade';
import { rollupTrade } from '@/lib/ingest/rollup';
import {
  newTradeRow,
  pushedTradeFields,
  upsertTradeRow,
  type TradeState,
} from '@/lib/ingest/trade';
import { errorText } from '@/db/errors';
import { SUCCESS, verifiedRow, type NotifyResult, type VerifiedPush } from './receive';
import { tradeSchema, type TradeMessage } from './schemas';

interface Candidate {
  /** Its place in the batch. */
  at: number;
  v: VerifiedPush & { nonce: string };
  m: TradeMessage;
}

/**
 * The trade pushes of a group-commit batch kept and projected together (D119), in three
 * statements on PostgreSQL: their inbox rows and their orders' locks; the pulled rows adopted
 * and the stored ones found; their machines touched, the new ones inserted, their shelves'
 * stock and their sales rollups written. A trade's projection one by one is ten round trips.
 *
 * Taken together only what cannot meet another message of the batch: verified, valid trades
 * with a nonce, each nonce, trade id and order number once. The rest, and any trade whose
 * (clientId, nonce) is already stored (a redelivery or a replay), go one by one after these, as
 * if they had come after them.
 *
 * Runs in the batch's transaction without a savepoint of its own (two round trips a batch): if
 * anything here throws, it throws TogetherFailed, and the caller rolls the batch back and runs
 * it again one by one, where a projection's failure is kept on its own inbox row.
 *
 * Fills `out` for the messages it answered; returns the places of those it left.
 */
export async function keepTradesTogether(
  db: Db,
  batch: readonly (VerifiedPush | null)[],
  receivedAt: number,
  out: NotifyResult[],
  how: Together = 'careful',
): Promise<number[]> {
  const { candidates, rest } = choose(batch);
  // Even one trade alone: five round trips here against about thirteen one by one.
  if (!candidates.length) return rest;
  let kept: readonly Candidate[];
  try {
    kept = await bufferProjections(db, () =>
      how === 'at-once'
        ? projectAtOnce(db, candidates, receivedAt)
        : project(db, candidates, receivedAt),
    );
  } catch (e) {
    if (runsAgain(e)) throw e;
    throw new TogetherFailed(candidates.length, e, how);
  }
  const done = new Set(kept.map((c) => c.at));
  for (const c of kept) out[c.at] = SUCCESS;
  // Already stored under its nonce: answered by the one-by-one path (redelivery or replay).
  const left = candidates.filter((c) => !done.has(c.at)).map((c) => c.at);
  return [...left, ...rest].sort(byPlace);
}

/** keepTradesTogether failed: the batch's transaction is to be rolled back and run one by one. */
export class TogetherFailed extends Error {
  constructor(
    readonly size: number,
    cause: unknown,
    /** How they were taken: `at-once` is run again `careful`, `careful` one by one. */
    readonly how: Together = 'careful',
  ) {
    super(`trades kept together (${how}) failed: ${errorText(cause)}`, { cause });
  }
}

/**
 * How a batch's trades are taken together. `careful`: the inbox rows first, then the lookup,
 * then the rest as found (three round trips, D119). `at-once`: all three statements sent
 * without waiting for each other's answers, on the bet that every trade is new (D128); the
 * bet lost (a redelivery, a trade a sync stored first) throws, and the batch is run again
 * `careful`.
 */
export type Together = 'careful' | 'at-once';

/** An `at-once` batch met a trade that is not new: its transaction is to be rolled back. */
class NotAllNew extends Error {
  constructor(stored: number, asked: number, found: number) {
    super(`not every trade was new: ${stored} of ${asked} inbox rows kept, ${found} trades found`);
  }
}

const byPlace = (a: number, b: number) => a - b;

/** A message's (clientId, nonce), the inbox's unique key, as one string. */
const nonceKey = (clientId: string, nonce: string | null) => `${clientId}\u0000${nonce}`;

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
    const key = nonceKey(v.clientId, v.nonce);
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

const orderNo = (c: Candidate) => (c.m.orderNo === '' ? undefined : c.m.orderNo);

/**
 * The candidates' inbox rows, those not stored yet kept; and, as adoptPulledTrade does for one,
 * their orders locked, so that a sync importing one of them waits for this batch.
 */
function keepInboxRows(db: Db, candidates: readonly Candidate[], receivedAt: number) {
  return insertPushes(
    db,
    candidates.map((c) => ({
      ...verifiedRow(c.v, receivedAt),
      clientId: c.v.clientId,
      nonce: c.v.nonce,
    })),
    candidates.flatMap((c) => orderNo(c) ?? []),
  );
}

/** A sync's stand-in for each candidate's order renamed to its id; which ids are stored. */
function adoptAndFind(db: Db, candidates: readonly Candidate[]) {
  return adoptAndFindTrades(
    db,
    candidates.flatMap((c) => {
      const o = orderNo(c);
      return o === undefined ? [] : [{ from: pulledTradeId(o), to: c.m.id }];
    }),
    candidates.map((c) => c.m.id),
  );
}

/** Keeps and projects the candidates; returns those kept (the rest were stored already). */
async function project(db: Db, candidates: readonly Candidate[], receivedAt: number) {
  // The locks are taken in the inbox rows' statement, before the lookup below.
  const stored = await keepInboxRows(db, candidates, receivedAt);
  const inboxId = new Map(stored.map((k) => [nonceKey(k.clientId, k.nonce), k.id]));
  const kept = candidates.filter((c) => inboxId.has(nonceKey(c.v.clientId, c.v.nonce)));
  if (!kept.length) return kept;

  const existing = await adoptAndFind(db, kept);

  await writeTrades(db, kept, receivedAt, existing, (c) =>
    inboxId.get(nonceKey(c.v.clientId, c.v.nonce))!,
  );
  for (const c of kept) noteMachineSeen(c.m.assetId);
  return kept;
}

/**
 * The kept trades projected, those in `existing` merged into their stored rows and the rest new,
 * and written with their machines' last-seen times, their shelves' stock and the sales rollups'
 * changes in one statement on PostgreSQL (touchMachine, insertTrade and keepShelfStock for all).
 */
async function writeTrades(
  db: Db,
  kept: readonly Candidate[],
  receivedAt: number,
  existing: ReadonlySet<string>,
  inboxIdOf: (c: Candidate) => number,
) {
  const inserts: NewTrade[] = [];
  const shelves: [ShelfSale | undefined, ShelfSale][] = [];
  for (const c of kept) {
    const ctx: IngestContext = { db, clientId: c.v.clientId, inboxId: inboxIdOf(c), receivedAt };
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
  await keepTradeBatch(db, {
    seen: kept.map((c) => ({ assetId: c.m.assetId, clientId: c.v.clientId, at: receivedAt })),
    inserts,
    shelves,
  });
}

/**
 * project() on the bet that every candidate is new (D128): the inbox rows (with the orders'
 * locks), the lookup and the batch's writes are sent one after the other without waiting for
 * an answer in between, and on a pipelined PostgreSQL connection (db/engine/postgres/client.ts)
 * they cost one round trip instead of three. Each is still its own statement, so the lookup's
 * snapshot is taken after the locks are held, as D119 needs: the first two are issued in the
 * same turn, in that order (nothing awaits before a PostgreSQL query function sends its
 * statement). The trades are computed as new meanwhile; if the answers say otherwise (an inbox
 * row already there, a trade already stored or adopted), NotAllNew is thrown and the caller's
 * transaction, with everything sent here, is rolled back.
 */
async function projectAtOnce(db: Db, candidates: readonly Candidate[], receivedAt: number) {
  const stored = keepInboxRows(db, candidates, receivedAt);
  const found = adoptAndFind(db, candidates);
  // Handled from now on: a failure is read below, after the writes were sent or failed too.
  const answers = Promise.allSettled([stored, found]);
  let failed: { e: unknown } | undefined;
  try {
    // No statement of a new trade's reads its inbox row's id.
    await writeTrades(db, candidates, receivedAt, new Set(), () => 0);
  } catch (e) {
    failed = { e };
  }
  // The first failure is the one to report: those after it are the aborted transaction's.
  const [s, f] = await answers;
  if (s.status === 'rejected') throw s.reason;
  if (f.status === 'rejected') throw f.reason;
  if (s.value.length !== candidates.length || f.value.size)
    throw new NotAllNew(s.value.length, candidates.length, f.value.size);
  if (failed) throw failed.e;
  for (const c of candidates) noteMachineSeen(c.m.assetId);
  return candidates;
}
