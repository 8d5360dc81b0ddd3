import 'server-only';
import type { DbOrTx } from '@/db/client';
import { knownAssetIds } from '@/db/queries/machines';
import { stockBasis } from '@/db/queries/stock';
import { pickList, type PickList } from '@/lib/planning/pick-list';

/** The asset ids among `assetIds` that name no machine we know. */
export function unknownMachines(db: DbOrTx, assetIds: readonly string[]): string[] {
  const known = knownAssetIds(db, assetIds);
  return assetIds.filter((a) => !known.has(a));
}

/**
 * The pick list of these machines, shelves in the order the machines are given (the run's
 * visiting order), each machine's shelves by container and shelf number.
 */
export function pickListFor(db: DbOrTx, assetIds: readonly string[]): PickList {
  return namedPickList(db, assetIds).pickList;
}

/** The pick list and every goods' name on its shelves (a goods needing nothing included). */
export function namedPickList(db: DbOrTx, assetIds: readonly string[]) {
  const position = new Map(assetIds.map((a, i) => [a, i]));
  const shelves = stockBasis(db, { assetIds }).sort(
    (a, b) => position.get(a.assetId)! - position.get(b.assetId)!,
  );
  const names = new Map<string, string>();
  for (const s of shelves)
    if (s.goodsId && s.goodsName && !names.has(s.goodsId)) names.set(s.goodsId, s.goodsName);
  // fromEntries defines own properties: a goods id like "__proto__" stays a plain key.
  const goodsNames: Record<string, string> = Object.fromEntries(names);
  return { pickList: pickList(shelves), goodsNames };
}
