import 'server-only';
import type { DbOrTx } from '@/db/client';
import { knownAssetIds } from '@/db/queries/machines';
import { stockBasis } from '@/db/queries/stock';
import { pickList, type PickList } from '@/lib/planning/pick-list';

/** The asset ids among `assetIds` that name no machine we know. */
export async function unknownMachines(db: DbOrTx, assetIds: readonly string[]): Promise<string[]> {
  const known = await knownAssetIds(db, assetIds);
  return assetIds.filter((a) => !known.has(a));
}

/**
 * The pick list of these machines, shelves in the order the machines are given (the run's
 * visiting order), each machine's shelves by container and shelf number.
 */
export async function pickListFor(db: DbOrTx, assetIds: readonly string[]): Promise<PickList> {
  return (await namedPickList(db, assetIds)).pickList;
}

/** The pick list and every goods' name on its shelves (a goods needing nothing included). */
export async function namedPickList(db: DbOrTx, assetIds: readonly string[]) {
  const position = new Map(assetIds.map((a, i) => [a, i]));
  const shelves = (await stockBasis(db, { assetIds })).sort(
    (a, b) => position.get(a.assetId)! - position.get(b.assetId)!,
  );
  const names = new Map<string, string>();
  for (const s of shelves)
    if (s.goodsId && s.goodsName && !names.has(s.goodsId)) names.set(s.goodsId, s.goodsName);
  // fromEntries defines own properties: a goods id like "__proto__" stays a plain key.
  const goodsNames: Record<string, string> = Object.fromEntries(names);
  return { pickList: pickList(shelves), goodsNames };
}
