import 'server-only';
import { countSmartvendingMachines, smartvendingAssetIds } from '@/db/queries/machines';
import type { JobContext } from './context';

/** The machines a per-machine job visits, by asset id: the one asked for, else every one. */
export function machinesInOrder(j: Pick<JobContext, 'db' | 'params'>) {
  const only = j.params.assetId;
  return {
    count: async (): Promise<number> => (only ? 1 : await countSmartvendingMachines(j.db)),
    after: async (after: string, limit: number): Promise<string[]> => {
      if (only) return after ? [] : [only];
      return await smartvendingAssetIds(j.db, { after, limit });
    },
  };
}
