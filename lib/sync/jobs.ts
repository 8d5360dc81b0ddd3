import 'server-only';
import type { Db } from '@/db/client';
import type { SyncJob } from '@/db/schema';
import { ensureArea, ensureLine, ensureSite, lineExists } from '@/db/queries/org';
import {
  goodsIdsByNumber,
  placeMachine,
  setMachineDetails,
  shelfPositions,
  upsertGoods,
} from '@/db/queries/machines';
import { getRefillId, replaceShelfSales } from '@/db/queries/sync-data';
import { projectRefill } from '@/lib/ingest/refill';
import { withDoorMeaning } from '@/lib/ingest/door';
import { projectStatus } from '@/lib/ingest/status';
import { ensurePulledMachine, projectPulledTrade } from '@/lib/ingest/pulled-trade';
import { optFlag } from '@/lib/ingest/push/ranges';
import type { StatusMessage } from '@/lib/ingest/push/schemas';
import { isSmartVendingError, type SmartVendingError } from '@/lib/platforms/smartvending';
import type { MachineStatus, Page } from '@/lib/platforms/smartvending/schemas';
import { ZERO, type Counts, type JobContext } from './context';
import { reconcileJob } from './reconcile-job';
import { machinesInOrder } from './machines';
import { reread } from './reread';
import { mapSeries } from '@/lib/ops/series';

type Job = (j: JobContext) => Promise<void>;

/**
 * Walks a paged endpoint from the saved cursor, committing each page with the next cursor. A
 * platform that ignores the cursor (a bare array, D72) answers the same page again: that is
 * taken as the end of the list, not imported twice, and noted.
 */
async function pages<T>(
  j: JobContext,
  fetchPage: (cursor: number) => Promise<Page<T>>,
  importPage: (
    ctx: Parameters<Parameters<JobContext['commit']>[1]>[0],
    list: T[],
  ) => Counts | Promise<Counts>,
) {
  if (j.position && j.position.cursor === null) return; // the last page was committed
  let cursor = Number(j.position?.cursor ?? 0);
  let previous: { cursor: number; text: string } | undefined;
  for (;;) {
    const page = await reread(j, () => fetchPage(cursor));
    const text = JSON.stringify(page.list);
    if (previous && page.list.length && text === previous.text) {
      await j.warn(
        `the platform answered the same ${page.list.length} items for cursor ${cursor} as for ${previous.cursor}: taken as the end of the list`,
      );
      await j.commit({ cursor: null }, () => ZERO);
      return;
    }
    await j.commit({ cursor: page.next }, (ctx) => importPage(ctx, page.list), page.total);
    if (page.next === null) return;
    previous = { cursor, text };
    cursor = page.next;
  }
}

const tally = (outcomes: ('inserted' | 'updated' | 'unchanged')[]): Counts => ({
  done: outcomes.length,
  imported: outcomes.filter((o) => o === 'inserted').length,
  updated: outcomes.filter((o) => o === 'updated').length,
});

/** §3.2 trades of a window, through the push's upsert and rollups (D4, D20). */
const trades: Job = (j) =>
  pages(
    j,
    (cursor) =>
      j.client.tradeList(
        { assetId: j.params.assetId, startTime: j.params.since, endTime: j.params.until },
        { limit: j.pageSize, cursor },
      ),
    async (ctx, list) =>
      tally(await mapSeries(list, async (t) => await projectPulledTrade(ctx, t))),
  );

/** §9.1 lines, upserted by name (D30: the same rows as lines learnt from pushes). */
const linesJob: Job = (j) =>
  pages(
    j,
    (cursor) => j.client.routerLines({}, { limit: j.pageSize, cursor }),
    async (ctx, list) =>
      tally(
        await mapSeries(list, async (l) => {
          const known = await lineExists(ctx.db, l.name);
          await ensureLine(ctx.db, {
            name: l.name,
            areaName: l.areaName,
            description: l.description,
            createTime: l.createTime,
            origin: 'pull',
            at: ctx.receivedAt,
          });
          return known ? 'updated' : 'inserted';
        }),
      ),
  );

/** §9.2: each item is a machine at a site on a line, in an area. */
const sitesJob: Job = (j) =>
  pages(
    j,
    (cursor) => j.client.routerSites({}, { limit: j.pageSize, cursor }),
    async (ctx, list) =>
      tally(
        await mapSeries(list, async (s) => {
          const at = ctx.receivedAt;
          const lineId = s.lineName
            ? await ensureLine(ctx.db, {
                name: s.lineName,
                areaName: s.areaName,
                origin: 'pull',
                at,
              })
            : undefined;
          const siteId = s.siteName
            ? await ensureSite(ctx.db, {
                name: s.siteName,
                lineId,
                areaName: s.areaName,
                platformSiteId: s.siteId,
                address: s.address,
                origin: 'pull',
                at,
              })
            : undefined;
          const isNew = await ensurePulledMachine(ctx, s.assetId);
          await placeMachine(ctx.db, {
            assetId: s.assetId,
            name: s.deviceName,
            siteId,
            lineId,
            at,
            keepFlags: true,
          });
          const areaId = s.areaName ? await ensureArea(ctx.db, s.areaName) : undefined;
          await setMachineDetails(ctx.db, { assetId: s.assetId, areaId, vender: s.vender });
          return isNew ? 'inserted' : 'updated';
        }),
      ),
  );

/**
 * §11 goods carry a number, not our goods id: they update the goods with that number (trades
 * tell us each id's number), else are kept under `number:<n>` until one does (D50).
 */
const goodsJob: Job = (j) =>
  pages(
    j,
    (cursor) => j.client.routerGoods({ limit: j.pageSize, cursor }),
    async (ctx, list) =>
      tally(
        await mapSeries(list, async (g) => {
          const ids = await goodsIdsByNumber(ctx.db, g.number);
          const fields = {
            number: g.number,
            name: g.name,
            fullName: g.fullName,
            typeName: g.typeName,
            price: g.price,
            packingForm: g.packingForm,
            manufacturer: g.manufacturer,
            at: ctx.receivedAt,
          };
          for (const goodsId of ids.length ? ids : [`number:${g.number}`])
            await upsertGoods(ctx.db, { goodsId, ...fields });
          return ids.length ? 'updated' : 'inserted';
        }),
      ),
  );

/**
 * Visits machines one by one from the last one committed. The platform refusing a machine (FAIL)
 * or leaving it out of its answer is a warning with its words, and the others are still
 * visited; when it refused every machine and answered none, the run fails with its words.
 */
async function perMachine(
  j: JobContext,
  visit: (
    assetId: string,
  ) => Promise<
    ((ctx: Parameters<Parameters<JobContext['commit']>[1]>[0]) => Counts | Promise<Counts>) | null
  >,
) {
  const list = machinesInOrder(j);
  await j.setTotal(await list.count());
  let after = String(j.position?.after ?? '');
  let answered = 0;
  let refused: SmartVendingError | undefined;
  for (;;) {
    const batch = await list.after(after, 100);
    if (!batch.length) break;
    for (const assetId of batch) {
      let work: Awaited<ReturnType<typeof visit>>;
      try {
        work = await reread(j, () => visit(assetId));
        answered++;
      } catch (e) {
        if (!isSmartVendingError(e) || (e.kind !== 'refused' && e.kind !== 'missing')) throw e;
        await j.warn(`${assetId}: ${e.message}`, { ...e.problem, assetId });
        if (e.kind === 'refused') refused = e;
        work = null;
      }
      await j.commit({ after: assetId }, work ?? (() => ({ done: 1, imported: 0, updated: 0 })));
      after = assetId;
    }
  }
  if (refused && answered === 0) throw refused;
}

/** §6.1 as a §4.1 status (online, shelves sold out), through the status projection. */
export async function statusMessageOf(db: Db, s: MachineStatus): Promise<StatusMessage> {
  const planogram = await shelfPositions(db, s.assetId);
  const cidOf = (locationId: string) => {
    const found = planogram.filter((p) => p.locationId === locationId);
    return found.length === 1 ? found[0]!.cid : undefined;
  };
  return {
    assetId: s.assetId,
    online: s.routerInfo?.online,
    doorState: pulledDoorState(s),
    siteName: s.siteName,
    lineName: s.lines?.name,
    shelvesState: s.vendingInfo?.shelvesInfo?.map((x) => ({
      cid: cidOf(x.locationId),
      shelvesId: x.locationId,
      state: x.status ?? 0,
      soldoutTime: x.soldoutTime,
    })),
  } as StatusMessage;
}

/**
 * Seed 000's §6.1 carries no `doorState`; a platform that adds one (at the top or in
 * `vendingInfo`) has it read as a push's would be, its meaning applied by withDoorMeaning.
 */
function pulledDoorState(s: MachineStatus): number | undefined {
  const read = optFlag.safeParse(s.doorState ?? s.vendingInfo?.doorState);
  return read.success ? read.data : undefined;
}

const statusJob: Job = (j) =>
  perMachine(j, async (assetId) => {
    const s = await j.client.routerStatus({ assetId });
    return async (ctx) => {
      await projectStatus(
        ctx,
        await withDoorMeaning(ctx.db, ctx.clientId, await statusMessageOf(ctx.db, s)),
      );
      return { done: 1, imported: 0, updated: 1 };
    };
  });

/** §6.2: the platform's units per shelf since the last refill, kept beside our own count. */
const salesJob: Job = (j) =>
  perMachine(j, async (assetId) => {
    const s = await j.client.routerSales({ assetId });
    return async (ctx) => {
      const rows = (s.shelvesInfo ?? []).flatMap((c) =>
        c.shelfInfo.map((x) => ({
          cid: c.cid ?? assetId,
          locationId: x.locationId,
          goodsId: x.goodsId,
          goodsNumber: x.goodsNumber,
          goodsName: x.goodsName,
          units: x.goodsSales,
        })),
      );
      await replaceShelfSales(ctx.db, assetId, rows, ctx.receivedAt);
      return { done: 1, imported: 0, updated: 1 };
    };
  });

/**
 * §8.2: settlements whose push never arrived, stored as recovered (`source = 'pull'`, D21).
 * One we already hold (its push came after all) is left as it is.
 */
const refillsJob: Job = async (j) => {
  const messages = await reread(j, () =>
    j.client.refillMessage({
      assetId: j.params.assetId,
      startTime: j.params.since,
      endTime: j.params.until,
    }),
  );
  await j.setTotal(messages.length);
  for (let i = 0; i < messages.length; i += 50) {
    const chunk = messages.slice(i, i + 50);
    await j.commit({ index: i + chunk.length }, async (ctx) => {
      let imported = 0;
      for (const m of chunk) {
        // One without a believable refillTime cannot be matched to what we hold: every run
        // would import it again (D62).
        if (m.refillTime === null) continue;
        if ((await getRefillId(ctx.db, m.assetId, m.refillTime)) !== undefined) continue;
        await ensurePulledMachine(ctx, m.assetId);
        await projectRefill(ctx, m, 'pull');
        imported++;
      }
      return { done: chunk.length, imported, updated: 0 };
    });
  }
};

export const JOBS: Record<SyncJob, Job> = {
  lines: linesJob,
  sites: sitesJob,
  goods: goodsJob,
  status: statusJob,
  trades,
  refills: refillsJob,
  sales: salesJob,
  reconcile: reconcileJob,
};
