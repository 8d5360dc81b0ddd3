import 'server-only';
import { countSmartvendingMachines, smartvendingAssetIds } from '@/db/queries/machines';
import type { JobContext } from './context';

/** The machines a per-machine job visits, by asset id: the one asked for, else every one. */
export function machinesInOrder(j: Pick<JobContext, 'db' | 'params'>) {
  const only = j.params.assetId;
  return {
    count: (): number => (only ? 1 : countSmartvendingMachines(j.db)),
    after: (after: string, limit: number): string[] => {
      if (only) return after ? [] : [only];
      return smartvendingAssetIds(j.db, { after, limit });
    },
  };
}
