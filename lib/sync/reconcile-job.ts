import 'server-only';
import { addCheckBatch, ensureCheck, type DiffInput } from '@/db/queries/sync';
import { inTransaction } from '@/db/prepared';
import { salesStatistic } from '@/lib/sales/stats';
import { getConfig } from '@/lib/config';
import { localDayOf } from './window';
import { compareStatistics, statisticFigures } from './compare';
import type { JobContext } from './context';
import { machinesInOrder } from './machines';
import { reread } from './reread';

const BATCH = 50;

/**
 * The reconciliation of a window (by default yesterday, the daily check): for every machine,
 * our §5.1 figures from the rollups against the platform's §5.1, 50 machines a call; the
 * machines that disagree are stored with both sides.
 */
export async function reconcileJob(j: JobContext) {
  const { since, until } = j.params;
  if (since === undefined || until === undefined)
    throw new Error('a reconciliation needs since and until');
  const tz = getConfig().FLEET_TIME_ZONE;
  const day = localDayOf(since, until, tz);
  const checkId = await inTransaction(
    j.db,
    async () =>
      await ensureCheck(j.db, {
        runId: j.runId,
        startTime: since,
        endTime: until,
        day,
        at: j.now(),
      }),
  );
  await j.setTotal(await machinesInOrder(j).count());
  let after = String(j.position?.after ?? '');
  for (;;) {
    const assetIds = await machinesInOrder(j).after(after, BATCH);
    if (!assetIds.length) return;
    const theirs = new Map(
      (
        await reread(j, () =>
          j.client.tradeStatistic({ assetIds, startTime: since, endTime: until }),
        )
      ).map((s) => [s.assetId, s.figures]),
    );
    const ours = await salesStatistic(j.db, {
      startTime: since,
      endTime: until,
      assetIds,
      timeZone: tz,
    });
    const diffs: DiffInput[] = [];
    for (const { assetId, startTime: _s, endTime: _e, ...o } of ours) {
      const t = theirs.get(assetId) ?? {};
      const c = compareStatistics(o, t);
      if (c.differs)
        diffs.push({
          assetId,
          ours: statisticFigures(o),
          theirs: statisticFigures(t),
          amountDiff: c.amountDiff,
          countDiff: c.countDiff,
        });
    }
    const last = assetIds.at(-1)!;
    await j.commit({ after: last }, async (ctx) => {
      await addCheckBatch(ctx.db, checkId, {
        machines: assetIds.length,
        diffs,
        at: ctx.receivedAt,
      });
      return { done: assetIds.length, imported: 0, updated: diffs.length };
    });
    after = last;
  }
}
