import 'server-only';
import { and, eq, not, sql, type SQL } from 'drizzle-orm';
import type { PgDbOrTx } from '@/db/engine/postgres/client';
import type { MachineListParams, MachineListRow } from '@/db/queries/machine-list';
import {
  areas,
  cabinets,
  lines,
  machineFaults,
  machines,
  machineStatus,
  shelves,
  sites,
} from '@/db/engine/postgres/schema';

/*
 * The machine list (db/queries/machine-list.ts), offset pages as there. Open faults and the
 * filters' EXISTS are correlated seeks of machine_faults_asset_open_idx (asset_id, cleared_at)
 * and shelves_asset_sold_out_idx (asset_id, sold_out). Text sorts are byte order (the columns
 * are COLLATE "C", as SQLite's BINARY); NULLs are placed as SQLite places them, said explicitly.
 *
 * Both shelf counts in one pass. A page of a few machines counts theirs (one range of
 * shelves_asset_sold_out_idx each, joined LATERAL); a page that needs most of the fleet (many
 * rows, or sorted by the count) counts every shelf once, grouped. Unlike SQLite's covering
 * index, a PostgreSQL index range visits the heap unless the pages are all-visible, and shelves
 * change all day. For 5,000 machines, one pass took what the seeks took with shelves stored
 * machine by machine, and a fifth of it with them scattered (D106).
 */
const shelfSums = sql`count(*) filter (where ${shelves.soldOut} = 1) as sold_out_shelves, count(*) as total_shelves`;
const shelvesOfMachine = sql`lateral (select ${shelfSums} from ${shelves}
  where ${shelves.assetId} = ${machines.assetId}) sh`;
const shelvesOfFleet = sql`(select ${shelves.assetId} as asset_id, ${shelfSums} from ${shelves}
  group by ${shelves.assetId}) sh`;
const WIDE_PAGE = 500;
const openFaultCount = sql`(select count(*) from ${machineFaults} where ${machineFaults.assetId} = ${machines.assetId} and ${machineFaults.clearedAt} is null)`;
/*
 * A wide page's open faults in one pass too: the correlated count above is a scan of the (small)
 * faults table per machine, which the planner prefers to the index for a table of one page, and
 * for 5,000 machines that was 40 of a whole-fleet page's 100 ms.
 */
const openFaultsOfFleet = sql`(select ${machineFaults.assetId} as asset_id, count(*) as open_faults
  from ${machineFaults} where ${machineFaults.clearedAt} is null group by ${machineFaults.assetId}) fa`;
const hasSoldOut = sql`exists (select 1 from ${shelves} where ${shelves.assetId} = ${machines.assetId} and ${shelves.soldOut} = 1)`;
const hasOpenFault = sql`exists (select 1 from ${machineFaults} where ${machineFaults.assetId} = ${machines.assetId} and ${machineFaults.clearedAt} is null)`;
const areaId = sql`coalesce(${machines.areaId}, ${sites.areaId}, ${lines.areaId})`;

/** An AI cabinet's state is its last poll's, in the platform's codes (D81; SQLite's module). */
const cabinetOf = (expr: SQL) =>
  sql`(select ${expr} from ${cabinets} where ${cabinets.machineId} = ${machines.assetId})`;
export const cabinetOnlineCode = sql`case when ${cabinets.polledAt} is null or ${cabinets.pollError} is not null then null when ${cabinets.signal} > 0 then 0 when ${cabinets.signal} = 0 then 1 end`;
export const cabinetSaleCode = sql`case ${cabinets.runningState} when 1 then 1 when 0 then 0 end`;
const onlineCode = sql`coalesce(${machineStatus.online}, ${cabinetOf(cabinetOnlineCode)})`;
const saleCode = sql`coalesce(${machineStatus.isSale}, ${cabinetOf(cabinetSaleCode)})`;

const COLUMNS = {
  assetId: machines.assetId,
  name: machines.name,
  platform: machines.platform,
  incomplete: machines.incomplete,
  siteName: sites.name,
  lineName: lines.name,
  areaName: areas.name,
  online: onlineCode.mapWith(Number).as('online_code'),
  vmcOnline: machineStatus.vmcOnline,
  doorState: machineStatus.doorState,
  isSale: saleCode.mapWith(Number).as('sale_code'),
  soldOutShelves: sql<number>`coalesce(sh.sold_out_shelves, 0)`.mapWith(Number),
  totalShelves: sql<number>`coalesce(sh.total_shelves, 0)`.mapWith(Number),
  openFaults: openFaultCount.mapWith(Number).as('open_faults'),
  lastSeenAt: machines.lastSeenAt,
};
const WIDE_COLUMNS = {
  ...COLUMNS,
  openFaults: sql<number>`coalesce(fa.open_faults, 0)`.mapWith(Number).as('open_faults'),
};

function listConditions(p: MachineListParams): SQL | undefined {
  const c: SQL[] = [];
  if (p.area) c.push(eq(areas.name, p.area));
  if (p.line) c.push(eq(lines.name, p.line));
  if (p.site) c.push(eq(sites.name, p.site));
  if (p.platform) c.push(eq(machines.platform, p.platform));
  // The platform's code: online 0 is online, 1 offline, -1 unknown.
  if (p.online !== undefined) c.push(sql`${onlineCode} = ${p.online ? 0 : 1}`);
  if (p.faults !== undefined) c.push(p.faults ? hasOpenFault : not(hasOpenFault));
  if (p.soldOut !== undefined) c.push(p.soldOut ? hasSoldOut : not(hasSoldOut));
  if (p.q) {
    // SQLite's LIKE folds ASCII letters only; so does ILIKE on COLLATE "C" text.
    const like = `%${p.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    c.push(
      sql`(${machines.assetId} ilike ${like} escape '\\' or ${machines.name} ilike ${like} escape '\\' or ${sites.name} ilike ${like} escape '\\')`,
    );
  }
  return c.length ? and(...c) : undefined;
}

/** Sort keys; empty values go last either way, ties by asset ID. */
function listOrder(p: MachineListParams): SQL[] {
  const dir = p.dir === 'desc' ? sql.raw('desc') : sql.raw('asc');
  const key = {
    assetId: undefined,
    name: machines.name,
    site: sites.name,
    line: lines.name,
    lastSeen: machines.lastSeenAt,
    soldOut: sql`coalesce(sh.sold_out_shelves, 0)`,
    soldOutAt: undefined,
  }[p.sort ?? 'assetId'];
  const byAsset = sql`${machines.assetId} ${key === undefined ? dir : sql.raw('asc')}`;
  return key === undefined ? [byAsset] : [sql`${key} ${dir} nulls last`, byAsset];
}

export async function listMachines(
  db: PgDbOrTx,
  p: MachineListParams,
): Promise<{ items: MachineListRow[]; total: number }> {
  const where = listConditions(p);
  // A long page, or one sorted by sold-out shelves (every machine the filters leave needs its
  // count before the page), counts the fleet's shelves in one pass; unless a line, site, area
  // or search leaves a few machines, counted one by one (a line's, with sold-out shelves, in
  // 5 ms where the fleet's one pass took 13).
  const narrowed = !!(p.line || p.site || p.area || p.q);
  const wide = !narrowed && (p.sort === 'soldOut' || p.limit + p.offset >= WIDE_PAGE);
  let q = db
    .select(wide ? WIDE_COLUMNS : COLUMNS)
    .from(machines)
    .leftJoin(sites, eq(sites.id, machines.siteId))
    .leftJoin(lines, eq(lines.id, machines.lineId))
    .leftJoin(areas, eq(areas.id, areaId))
    .leftJoin(machineStatus, eq(machineStatus.assetId, machines.assetId))
    .leftJoin(
      ...(wide
        ? ([shelvesOfFleet, sql`sh.asset_id = ${machines.assetId}`] as const)
        : ([shelvesOfMachine, sql`true`] as const)),
    )
    .$dynamic();
  if (wide) q = q.leftJoin(openFaultsOfFleet, sql`fa.asset_id = ${machines.assetId}`);
  const page: MachineListRow[] = await q
    .where(where)
    .orderBy(...listOrder(p))
    .limit(p.limit + 1)
    .offset(p.offset);
  // One row past the page says whether there is more; only then is the total counted.
  const more = page.length > p.limit;
  const items = more ? page.slice(0, p.limit) : page;
  const total =
    more || (items.length === 0 && p.offset > 0)
      ? await countMachines(db, p, where)
      : p.offset + items.length;
  return { items, total };
}

/** The count joins only the tables the filters read. */
async function countMachines(db: PgDbOrTx, p: MachineListParams, where: SQL | undefined) {
  const needSites = !!(p.site || p.q || p.area);
  const needLines = !!(p.line || p.area);
  let q = db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(machines)
    .$dynamic();
  if (needSites) q = q.leftJoin(sites, eq(sites.id, machines.siteId));
  if (needLines) q = q.leftJoin(lines, eq(lines.id, machines.lineId));
  if (p.area) q = q.leftJoin(areas, eq(areas.id, areaId));
  if (p.online !== undefined)
    q = q.leftJoin(machineStatus, eq(machineStatus.assetId, machines.assetId));
  const [row] = await q.where(where);
  return row?.n ?? 0;
}
