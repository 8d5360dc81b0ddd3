import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { machines } from '@/db/schema';
import type { JobContext } from './context';

/** The machines a per-machine job visits, by asset id: the one asked for, else every one. */
export function machinesInOrder(j: Pick<JobContext, 'db' | 'params'>) {
  const only = j.params.assetId;
  const where = (after: string) =>
    and(eq(machines.platform, 'smartvending'), gt(machines.assetId, after));
  return {
    count: (): number =>
      only
        ? 1
        : (j.db
            .select({ n: sql<number>`count(*)` })
            .from(machines)
            .where(eq(machines.platform, 'smartvending'))
            .get()?.n ?? 0),
    after: (after: string, limit: number): string[] => {
      if (only) return after ? [] : [only];
      return j.db
        .select({ assetId: machines.assetId })
        .from(machines)
        .where(where(after))
        .orderBy(asc(machines.assetId))
        .limit(limit)
        .all()
        .map((m) => m.assetId);
    },
  };
}
