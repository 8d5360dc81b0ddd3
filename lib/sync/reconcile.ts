import 'server-only';
import type { Db } from '@/db/client';
import { getConfig } from '@/lib/config';
import {
  isSmartVendingError,
  platformClient,
  type PlatformProblem,
} from '@/lib/platforms/smartvending';
import type { PlatformStatistic } from '@/lib/platforms/smartvending/schemas';
import { salesStatistic } from '@/lib/sales/stats';
import { compareStatistics } from './compare';

/** A machine's window: our figures (rollups) and the platform's §5.1, line by line. */
export async function reconcileMachine(
  db: Db,
  q: { assetId: string; startTime: number; endTime: number },
) {
  // Our side is shown even when the platform does not answer; the page says why.
  let theirs: PlatformStatistic[] = [];
  let platformError: string | undefined;
  let platformProblem: PlatformProblem | undefined;
  try {
    theirs = await (
      await platformClient()
    ).tradeStatistic({
      assetIds: [q.assetId],
      startTime: q.startTime,
      endTime: q.endTime,
    });
  } catch (e) {
    if (!isSmartVendingError(e)) throw e;
    platformError = e.message;
    platformProblem = e.problem;
  }
  const [ours] = await salesStatistic(db, {
    startTime: q.startTime,
    endTime: q.endTime,
    assetIds: [q.assetId],
    timeZone: getConfig().FLEET_TIME_ZONE,
  });
  const found = theirs.find((t) => t.assetId === q.assetId);
  const {
    assetId: _a,
    startTime: _s,
    endTime: _e,
    ...figures
  } = ours ?? {
    assetId: q.assetId,
    startTime: q.startTime,
    endTime: q.endTime,
  };
  const c = compareStatistics(figures, found?.figures ?? {});
  return { ...q, platformAnswered: Boolean(found), platformError, platformProblem, ...c };
}
