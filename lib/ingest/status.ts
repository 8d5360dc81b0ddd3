import 'server-only';
import { noteMachineChanged } from '@/lib/alerts/changed';
import { touchMachine, type IngestContext } from './context';
import { recordCoins } from './coins';
import { observeClock } from './clock';
import { believeRecent } from '@/lib/ingest/machine-clock';
import type { StatusMessage } from '@/lib/ingest/push/schemas';
import { ensureLine, ensureSite } from '@/db/queries/org';
import { placeMachine } from '@/db/queries/machines';
import {
  clearFault,
  getShelfState,
  getStatus,
  insertEvents,
  insertTemperatures,
  openFaults,
  patchStatus,
  raiseFault,
  replaceApps,
  replaceVersions,
  setShelfState,
  type NewEvent,
  type StatusPatch,
} from '@/db/queries/status';

/** The transitions recorded as events, by status field. */
const TRACKED = [
  ['online', 'online'],
  ['vmcOnline', 'vmc'],
  ['doorState', 'door'],
  ['isSale', 'sale'],
] as const;

/**
 * Since when a shelf reported sold out is sold out (D6, D71): the time it states when that is
 * believable (not ahead of the receipt, not older than RECENT_S, not before we last knew the shelf
 * was not sold out); else the time already kept for a shelf that was sold out, else the receipt.
 */
function soldOutSince(
  stated: number | undefined,
  at: number,
  prev: Awaited<ReturnType<typeof getShelfState>>,
): number {
  const wasSoldOut = prev?.soldOut === true;
  const b = believeRecent(stated, at, wasSoldOut ? null : prev?.stateUpdatedAt);
  if (b && b.stated === null) return b.time;
  return (wasSoldOut ? prev.soldoutTime : null) ?? at;
}

/**
 * A status push carries only what changed: absent fields leave state as it was. Each
 * transition becomes an event at the time we received the push (§4.1 carries no time).
 */
export async function projectStatus(ctx: IngestContext, m: StatusMessage) {
  const { db: tx, receivedAt: at } = ctx;
  const assetId = m.assetId;
  await touchMachine(ctx, assetId);
  const before = await getStatus(tx, assetId);
  const events: NewEvent[] = [];
  const event = (e: Omit<NewEvent, 'assetId' | 'at' | 'inboxId'>) =>
    events.push({ assetId, at, inboxId: ctx.inboxId, ...e });

  const patch: StatusPatch = {};
  for (const [field, kind] of TRACKED) {
    const value = m[field];
    if (value === undefined) continue;
    patch[field] = value;
    const prev = before?.[field];
    if (prev !== value)
      event({ kind, fromValue: prev == null ? null : String(prev), toValue: String(value) });
  }
  await recordCoins(ctx, m, before);
  if (m.coin5Count !== undefined) patch.coin5Count = m.coin5Count;
  if (m.coin10Count !== undefined) patch.coin10Count = m.coin10Count;
  if (m.faultCode !== undefined) patch.faultCode = JSON.stringify(m.faultCode);
  if (m.fireware !== undefined) patch.firmware = m.fireware;
  if (m.siteName !== undefined) patch.siteName = m.siteName;
  if (m.lineName !== undefined) patch.lineName = m.lineName;
  await patchStatus(tx, assetId, patch, at);

  // Most status pushes repeat the site and line: place the machine only when they change.
  const moved =
    (m.lineName !== undefined && m.lineName !== before?.lineName) ||
    (m.siteName !== undefined && m.siteName !== before?.siteName);
  if (moved) {
    const lineId = m.lineName
      ? await ensureLine(tx, { name: m.lineName, origin: 'push', at })
      : undefined;
    const siteId = m.siteName
      ? await ensureSite(tx, { name: m.siteName, lineId, origin: 'push', at })
      : undefined;
    await placeMachine(tx, { assetId, siteId, lineId, at, keepFlags: true });
  }

  if (m.vendingFault !== undefined) {
    const key = (f: { cid?: string | null; pcode?: string | null; ccode?: string | null }) =>
      `${f.cid ?? ''}\u0000${f.pcode ?? ''}\u0000${f.ccode ?? ''}`;
    const open = new Map((await openFaults(tx, assetId)).map((f) => [key(f), f]));
    const now = new Set<string>();
    for (const f of m.vendingFault) {
      const k = key(f);
      if (now.has(k)) continue;
      now.add(k);
      if (open.has(k)) continue;
      const fault = { assetId, cid: f.cid ?? '', pcode: f.pcode ?? '', ccode: f.ccode ?? '', at };
      await raiseFault(tx, fault);
      event({ kind: 'fault_raised', cid: fault.cid, toValue: fault.pcode, detail: fault.ccode });
    }
    for (const [k, f] of open) {
      if (now.has(k)) continue;
      await clearFault(tx, f.id, at);
      event({ kind: 'fault_cleared', cid: f.cid, fromValue: f.pcode, detail: f.ccode });
    }
  }

  // Sold-out times of shelves a status had reported in stock: just happened, so they say how
  // the machine's clock stands (a shelf listed sold out again says nothing new).
  const fresh: (number | undefined)[] = [];
  for (const s of m.shelvesState ?? []) {
    const cid = s.cid ?? assetId;
    const soldOut = s.state === 1;
    const prev = await getShelfState(tx, assetId, cid, s.shelvesId);
    const soldoutTime = soldOut ? soldOutSince(s.soldoutTime, at, prev) : null;
    if (soldOut && prev?.soldOut === false && prev.stateUpdatedAt != null)
      fresh.push(s.soldoutTime);
    await setShelfState(tx, { assetId, cid, locationId: s.shelvesId, soldOut, soldoutTime, at });
    if ((prev?.soldOut ?? false) !== soldOut) {
      event({
        kind: soldOut ? 'sold_out' : 'restocked',
        cid,
        detail: s.shelvesId,
        fromValue: prev ? String(Number(prev.soldOut)) : null,
        toValue: String(s.state),
      });
    }
  }

  await insertTemperatures(
    tx,
    (m.temperState ?? []).map((t) => ({
      assetId,
      cid: t.cid ?? 'master',
      at,
      engyOnT: t.temperDetail.engyOnT,
      engyOffT: t.temperDetail.engyOffT,
      lampOnT: t.temperDetail.lampOnT,
      lampOffT: t.temperDetail.lampOffT,
      cryTemUL: t.temperDetail.cryTemUL,
      cryTemDL: t.temperDetail.cryTemDL,
      heatTemUL: t.temperDetail.heatTemUL,
      heatTemDL: t.temperDetail.heatTemDL,
      leftRmTem: t.temperDetail.leftRmTem,
      rightRmTem: t.temperDetail.rightRmTem,
      leftRmRef: t.temperDetail.leftRmRef,
      rightRmRef: t.temperDetail.rightRmRef,
      leftRmHeat: t.temperDetail.leftRmHeat,
      rightRmHeat: t.temperDetail.rightRmHeat,
      lampNorOp: t.temperDetail.lampNorOp,
      lampAut: t.temperDetail.lampAut,
      chambers: t.temperDetail.chambers && JSON.stringify(t.temperDetail.chambers),
    })),
  );
  await observeClock(ctx, assetId, fresh);
  if (m.versions !== undefined) await replaceVersions(tx, assetId, m.versions, at);
  if (m.apps !== undefined) await replaceApps(tx, assetId, m.apps, at);
  await insertEvents(tx, events);
  // A transition, a reading or a shelf's state: the evaluator looks at the machine at its next
  // tick. A push repeating the state only counts as heard from (touchMachine, D85).
  if (events.length || m.temperState?.length || m.shelvesState?.length || fresh.length)
    noteMachineChanged(assetId);
}
