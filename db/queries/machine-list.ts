import 'server-only';
import { held, ready } from '../transaction';
import { and, eq, not, sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../client';
import { bindable } from '../prepared';
import { perConnectionAndKey } from '../statements';
import {
  areas,
  cabinets,
  lines,
  machineFaults,
  machines,
  machineStatus,
  shelves,
  sites,
} from '../schema';
import { isPg, pgOf, type LooseForms } from '../engine/handle';
import * as pgForms from '../engine/postgres/queries/machine-list';

// Typed loosely: the PostgreSQL forms' types are derived from these functions' (D103).
const onPg = pgForms as unknown as LooseForms<typeof pgForms>;

export interface MachineListParams {
  /** Area, line and site by name. A machine's area is its own, else its site's, else its line's. */
  area?: string;
  line?: string;
  site?: string;
  platform?: 'smartvending' | 'saas';
  /** true: the platform says online; false: it says offline. Machines without status match neither. */
  online?: boolean;
  /** true: at least one open fault; false: none. */
  faults?: boolean;
  /** true: at least one sold-out shelf; false: none. */
  soldOut?: boolean;
  /** Part of the asset ID, name or site name. */
  q?: string;
  /** `soldOutAt` (the earliest predicted sold-out, D96) is sorted by lib/fleet/machines.ts, not here. */
  sort?: 'assetId' | 'name' | 'site' | 'line' | 'lastSeen' | 'soldOut' | 'soldOutAt';
  dir?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface MachineListRow {
  assetId: string;
  name: string | null;
  platform: 'smartvending' | 'saas';
  incomplete: boolean;
  siteName: string | null;
  lineName: string | null;
  areaName: string | null;
  online: number | null;
  vmcOnline: number | null;
  doorState: number | null;
  isSale: number | null;
  soldOutShelves: number;
  totalShelves: number;
  openFaults: number;
  lastSeenAt: number | null;
}

/*
 * Per-machine counts are correlated subqueries over covering indexes (shelves by asset and
 * sold-out flag, faults by asset and clearedAt): one index seek per listed machine, no table
 * lookups. Aggregating all shelves once with GROUP BY was measured too: as fast for the whole
 * fleet, but it scans every shelf even when a filter leaves a few hundred machines
 * (docs/decisions.md, D18).
 */
const soldOutShelves = sql`(select count(*) from ${shelves} where ${shelves.assetId} = ${machines.assetId} and ${shelves.soldOut} = 1)`;
const totalShelves = sql`(select count(*) from ${shelves} where ${shelves.assetId} = ${machines.assetId})`;
const openFaultCount = sql`(select count(*) from ${machineFaults} where ${machineFaults.assetId} = ${machines.assetId} and ${machineFaults.clearedAt} is null)`;
const hasSoldOut = sql`exists (select 1 from ${shelves} where ${shelves.assetId} = ${machines.assetId} and ${shelves.soldOut} = 1)`;
const hasOpenFault = sql`exists (select 1 from ${machineFaults} where ${machineFaults.assetId} = ${machines.assetId} and ${machineFaults.clearedAt} is null)`;
const areaId = sql`coalesce(${machines.areaId}, ${sites.areaId}, ${lines.areaId})`;

/*
 * An AI cabinet (platform saas) has no §4.1 status: its state is its last poll's (D81), in the
 * platform's codes so every reader decodes it as a machine's. Online when the poll answered
 * with a signal, offline when it answered with none, unknown when it failed or never ran;
 * sellable when running, not when locked.
 */
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
  soldOutShelves: soldOutShelves.as('sold_out_shelves'),
  totalShelves: totalShelves.as('total_shelves'),
  openFaults: openFaultCount.as('open_faults'),
  lastSeenAt: machines.lastSeenAt,
};

/**
 * The filters as SQL with placeholders for their values (`listValues` gives them): the text
 * depends only on which filters are set, so it is built once per combination (`listQueries`).
 */
function listConditions(p: MachineListParams): SQL | undefined {
  const c: SQL[] = [];
  if (p.area) c.push(eq(areas.name, sql.placeholder('area')));
  if (p.line) c.push(eq(lines.name, sql.placeholder('line')));
  if (p.site) c.push(eq(sites.name, sql.placeholder('site')));
  if (p.platform) c.push(eq(machines.platform, sql.placeholder('platform')));
  // The platform's code: online 0 is online, 1 offline, -1 unknown (lib/fleet/flags.ts).
  if (p.online !== undefined) c.push(sql`${onlineCode} = ${p.online ? 0 : 1}`);
  if (p.faults !== undefined) c.push(p.faults ? hasOpenFault : not(hasOpenFault));
  if (p.soldOut !== undefined) c.push(p.soldOut ? hasSoldOut : not(hasSoldOut));
  if (p.q) {
    const like = sql.placeholder('like');
    c.push(
      sql`(${machines.assetId} like ${like} escape '\\' or ${machines.name} like ${like} escape '\\' or ${sites.name} like ${like} escape '\\')`,
    );
  }
  return c.length ? and(...c) : undefined;
}

function listValues(p: MachineListParams) {
  return {
    area: p.area,
    line: p.line,
    site: p.site,
    platform: p.platform,
    like: p.q === undefined ? undefined : `%${p.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`,
    limit: p.limit + 1,
    offset: p.offset,
  };
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
    // The select's alias: the subquery is not evaluated a second time for the sort.
    soldOut: sql.identifier('sold_out_shelves'),
    soldOutAt: undefined,
  }[p.sort ?? 'assetId'];
  const byAsset = sql`${machines.assetId} ${key === undefined ? dir : sql.raw('asc')}`;
  return key === undefined ? [byAsset] : [sql`${key} ${dir} nulls last`, byAsset];
}

type Bound = Awaited<ReturnType<typeof bindable>>;
interface ListQueries {
  page: Database.Statement;
  pageArgs: Bound['args'];
  count: Database.Statement;
  countArgs: Bound['args'];
}

/**
 * The page and count statements per connection and filter combination (which filters are
 * set, sort and direction: a few hundred at most). Building the query with Drizzle on each
 * request took about half as long as a small filtered list's SQL; and a list of 5,000
 * machines through Drizzle's own `.all()` spent a third of its time mapping rows, so the raw
 * rows are mapped here (as db/prepared.ts does for the ingest).
 */
const statements = perConnectionAndKey<Db, string, ListQueries>((db) => db.$client);
function listQueries(db: Db, p: MachineListParams): ListQueries {
  const shape = [
    !!p.area,
    !!p.line,
    !!p.site,
    !!p.platform,
    p.online,
    p.faults,
    p.soldOut,
    !!p.q,
    p.sort ?? 'assetId',
    p.dir ?? 'asc',
  ].join();
  return statements(db, shape, () => {
    const where = listConditions(p);
    const page = bindable(
      db
        .select(COLUMNS)
        .from(machines)
        .leftJoin(sites, eq(sites.id, machines.siteId))
        .leftJoin(lines, eq(lines.id, machines.lineId))
        .leftJoin(areas, eq(areas.id, areaId))
        .leftJoin(machineStatus, eq(machineStatus.assetId, machines.assetId))
        .where(where)
        .orderBy(...listOrder(p))
        .limit(sql.placeholder('limit'))
        .offset(sql.placeholder('offset')),
    );
    const count = bindable(countQuery(db, p, where));
    return {
      page: db.$client.prepare(page.text).raw(true),
      pageArgs: page.args,
      count: db.$client.prepare(count.text).pluck(),
      countArgs: count.args,
    };
  });
}

const KEYS = Object.keys(COLUMNS) as (keyof MachineListRow)[];
const INCOMPLETE = KEYS.indexOf('incomplete');

function toRows(raw: unknown[][]): MachineListRow[] {
  return raw.map((r) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < KEYS.length; i++) row[KEYS[i]!] = i === INCOMPLETE ? r[i] === 1 : r[i];
    return row as unknown as MachineListRow;
  });
}

export async function listMachines(db: Db, p: MachineListParams) {
  if (isPg(db)) return onPg.listMachines(pgOf(db), p);
  while (held(db)) await ready(db);
  const q = listQueries(db, p);
  const values = listValues(p);
  const page = toRows(q.page.all(...q.pageArgs(values)) as unknown[][]);
  // One row past the page says whether there is more; only then is the total counted.
  const more = page.length > p.limit;
  const items = more ? page.slice(0, p.limit) : page;
  const total =
    more || (items.length === 0 && p.offset > 0)
      ? (q.count.get(...q.countArgs(values)) as number)
      : p.offset + items.length;
  return { items, total };
}

/** The count joins only the tables the filters read. */
function countQuery(db: Db, p: MachineListParams, where: SQL | undefined) {
  const needSites = !!(p.site || p.q || p.area);
  const needLines = !!(p.line || p.area);
  let q = db
    .select({ n: sql<number>`count(*)` })
    .from(machines)
    .$dynamic();
  if (needSites) q = q.leftJoin(sites, eq(sites.id, machines.siteId));
  if (needLines) q = q.leftJoin(lines, eq(lines.id, machines.lineId));
  if (p.area) q = q.leftJoin(areas, eq(areas.id, areaId));
  if (p.online !== undefined)
    q = q.leftJoin(machineStatus, eq(machineStatus.assetId, machines.assetId));
  return q.where(where);
}
