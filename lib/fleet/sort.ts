import type { MachineListItem } from './queries';

/** The overview's fleet table: its columns and how each sorts (client-side: it holds the whole list). */
export const FLEET_COLUMNS = [
  'assetId',
  'name',
  'site',
  'line',
  'online',
  'door',
  'sale',
  'soldOut',
  'lastSeen',
] as const;
export type FleetColumn = (typeof FLEET_COLUMNS)[number];
/** Counts and times read best largest/newest first. */
export const FLEET_DESC_FIRST: readonly FleetColumn[] = ['soldOut', 'lastSeen'];

/** A column's value to sort by: text, a number, or a state (0, the trouble, first). */
function sortValue(m: MachineListItem, c: FleetColumn): string | number | null {
  const state = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
  switch (c) {
    case 'assetId':
      return m.assetId;
    case 'name':
      return m.name;
    case 'site':
      return m.siteName;
    case 'line':
      return m.lineName;
    case 'online':
      return state(m.online);
    case 'door':
      return state(m.doorOpen === null ? null : !m.doorOpen);
    case 'sale':
      return state(m.sellable);
    case 'soldOut':
      return m.soldOutShelves;
    case 'lastSeen':
      return m.lastSeenAt;
  }
}

/** Sorted by a column; empty values last either way, ties by asset ID. */
export function sortFleet(items: MachineListItem[], c: FleetColumn, dir: 'asc' | 'desc') {
  const sign = dir === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = sortValue(a, c);
    const y = sortValue(b, c);
    if (x === null || y === null)
      return x === y ? a.assetId.localeCompare(b.assetId) : x === null ? 1 : -1;
    const by =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return by * sign || a.assetId.localeCompare(b.assetId);
  });
}

/** The search box: part of the asset ID, name or site. */
export function matches(m: MachineListItem, q: string) {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [m.assetId, m.name, m.siteName].some((v) => v?.toLowerCase().includes(needle));
}
