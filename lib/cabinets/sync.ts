import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  closedOrdersBefore,
  listCabinets,
  recordPollError,
  saveCabinetSnapshot,
  type CabinetSnapshot,
} from '@/db/queries/cabinets';
import { holdLease, releaseLease } from '@/db/queries/leases';
import { getConfig } from '@/lib/config';
import { instanceId } from '@/lib/ops/instance';
import { saasClient, type SaasClient } from '@/lib/platforms/saas';
import { decimalToMinor } from '@/lib/platforms/saas/money';
import { recompute } from './orders';
import { registerWorker } from '@/lib/ops/liveness';
import { log } from '@/lib/ops/log';

/** §2, §3 and §4 of one cabinet, fetched over the network before any transaction opens. */
export async function fetchCabinet(
  machineId: string,
  client: SaasClient = saasClient(),
): Promise<CabinetSnapshot> {
  const [info, pay, goods] = await Promise.all([
    client.machineInfo(machineId),
    client.payConfig(machineId),
    client.commodities(machineId),
  ]);
  const currency = pay.currency?.trim().toUpperCase() || null;
  return {
    machineId,
    name: info.machineName ?? null,
    signal: info.signal ?? null,
    temperature: info.temperature ?? null,
    runningState: info.runningState ?? null,
    currency,
    preAuthLimit:
      pay.preAuthorLimit === null || pay.preAuthorLimit === undefined
        ? null
        : (decimalToMinor(pay.preAuthorLimit, currency) ?? null),
    qrCodeUrl: pay.qrCodeUrl ?? null,
    goods: goods.map((g) => ({
      doorNo: g.doorNo,
      commodityId: g.commodityId,
      name: g.commodityName ?? g.commodityId,
      sku: g.commoditySKU ?? null,
      weight: g.weight === null || g.weight === undefined ? null : Math.round(g.weight),
      price: decimalToMinor(g.price, currency) ?? 0,
      pictureUrl: g.pictureUrl ?? null,
    })),
  };
}

/** Fetches and stores one cabinet (registration, "refresh now", and each poll). */
export async function syncCabinet(
  db: Db,
  machineId: string,
  /** Runs in the same transaction as the write (the audit record of a registration). */
  also?: () => void,
) {
  const snapshot = await fetchCabinet(machineId);
  const now = Math.floor(Date.now() / 1000);
  await inTransaction(db, async () => {
    await saveCabinetSnapshot(db, snapshot, now);
    also?.();
  });
  return snapshot;
}

/** Orders whose door closed too long ago without recognition move to review. */
export async function sweepStuck(db: Db, now = Math.floor(Date.now() / 1000)) {
  const ids = await closedOrdersBefore(db, now - getConfig().CABINET_STUCK_SECONDS + 1);
  for (const id of ids) await inTransaction(db, async () => await recompute(db, id, now));
  return ids.length;
}

/** One round: every cabinet in turn, each written in its own short transaction. */
export async function pollCabinets(db: Db) {
  for (const c of await listCabinets(db)) {
    try {
      await syncCabinet(db, c.machineId);
    } catch (e) {
      const now = Math.floor(Date.now() / 1000);
      await inTransaction(
        db,
        async () => await recordPollError(db, c.machineId, (e as Error).message, now),
      );
    }
  }
  await sweepStuck(db);
}

/**
 * The schedule inside the server (SAAS_POLL_SECONDS, 0 disables), in the one process of the
 * app's processes holding the `cabinet-poll` lease (D101; another takes over three intervals
 * after it stops renewing). Rounds never overlap; the network waits happen outside any
 * transaction, so pushes are never held up by a poll.
 */
export function startCabinetPoller(db: () => Db, seconds = getConfig().SAAS_POLL_SECONDS) {
  if (seconds <= 0) return () => {};
  const lease = { name: 'cabinet-poll', holder: instanceId() };
  const ttlS = Math.max(3 * seconds, 30);
  // /readyz: no poll started for three intervals (one hung) means the poller is stuck (D90).
  const live = registerWorker('cabinet-poller', seconds * 3000 + 60_000);
  let running = false;
  const timer = setInterval(async () => {
    let mine: boolean;
    try {
      // Renewed while a long round runs too, so no other process starts one beside it.
      mine = await holdLease(db(), { ...lease, ttlS, now: Math.floor(Date.now() / 1000) });
    } catch (e) {
      log().error({ err: e }, 'cabinet poll lease failed');
      return;
    }
    if (running) return;
    live.beat();
    if (!mine) return;
    running = true;
    pollCabinets(db())
      .catch((e: unknown) => log().error({ err: e }, 'cabinet poll failed'))
      .finally(() => (running = false));
  }, seconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    live.stop();
    try {
      await releaseLease(db(), lease);
    } catch {
      // The database may already be closed.
    }
  };
}
