import 'server-only';
import type { Db } from '@/db/client';
import { getMachine } from '@/db/queries/machines';
import { listMachines, type MachineListParams } from '@/db/queries/machine-list';
import {
  getStatus,
  latestTemperatures,
  machineAppRows,
  machineVersionRows,
  openFaults,
  recentEvents,
  recentFaults,
} from '@/db/queries/status';
import { shelfStockBasis } from '@/db/queries/stock';
import { machineClock } from '@/db/queries/clock';
import { getCabinet } from '@/db/queries/cabinets';
import { parseChambers, type Reading } from '@/lib/fleet/temperature';
import { machineFlags, machineListItem } from '@/lib/fleet/views';
import { estimatedStock } from '@/lib/fleet/estimated-stock';
import { excursions } from '@/lib/fleet/temperature-band';
import { getThresholds } from '@/lib/alerts/thresholds';
import { excursionSince } from '@/lib/fleet/temperatures';
import { shapeOf, shelfForecasts } from '@/lib/forecast/shelves';
import { predictSoldOut } from '@/lib/forecast/predict';
import { firstEmptyShelves } from '@/db/queries/earliest-sold-out';
import type { StockScope } from '@/db/queries/stock';
import { connectionKey } from '@/db/statements';
import { mapSeries } from '@/lib/ops/series';

/** Above this many listed machines one pass over the fleet's shelves beats a list of ids. */
const FLEET_PASS = 500;

/**
 * Each machine's earliest predicted sold-out, as lib/forecast/shelves.ts `machineForecasts`
 * says it (now when a shelf is empty), for a list: its shelf that empties first is found in SQL
 * and only that one is predicted. Predicting every shelf of 5,000 machines took seconds (D96).
 */
export async function earliestSoldOut(db: Db, scope: StockScope, now: number) {
  const out = new Map<string, number | null>();
  for (const r of await firstEmptyShelves(db, scope)) {
    if (r.key < 0) out.set(r.assetId, now);
    else if (r.shape !== null && r.utcOffset !== null)
      out.set(
        r.assetId,
        predictSoldOut({
          stock: r.stock,
          unitsPerDay: r.unitsPerDay,
          shape: shapeOf(r.assetId, r.shape),
          offset: r.utcOffset,
          now,
        })?.at ?? null,
      );
  }
  return out;
}

/**
 * The whole fleet's, kept for FLEET_KEEP_S per connection: a sale moves a shelf's prediction by
 * a fraction of an hour, and every open machine list asks every 30 s.
 */
const FLEET_KEEP_S = 60;
const fleetKept = new WeakMap<object, { at: number; map: Map<string, number | null> }>();
async function fleetEarliest(db: Db, now: number) {
  const kept = fleetKept.get(connectionKey(db));
  if (kept && now >= kept.at && now - kept.at < FLEET_KEEP_S) return kept.map;
  const map = await earliestSoldOut(db, { fleet: true }, now);
  fleetKept.set(connectionKey(db), { at: now, map });
  return map;
}

/**
 * The fleet list as the API answers it and the pages prefetch it, with each machine's earliest
 * predicted sold-out (D96): read for the listed machines in one pass over their shelves. Sorted
 * by it, every machine the filters find is read (the figure is not in SQL), then paged here.
 */
export async function machineList(
  db: Db,
  p: MachineListParams,
  now = Math.floor(Date.now() / 1000),
) {
  const bySoldOut = p.sort === 'soldOutAt';
  const { items, total } = bySoldOut
    ? await listMachines(db, { ...p, sort: 'assetId', dir: 'asc', limit: 1e9, offset: 0 })
    : await listMachines(db, p);
  const earliest =
    items.length > FLEET_PASS
      ? await fleetEarliest(db, now)
      : items.length
        ? await earliestSoldOut(db, { assetIds: items.map((m) => m.assetId) }, now)
        : new Map<string, null>();
  const listed = items.map((m) => ({
    ...machineListItem(m),
    /** The earliest predicted sold-out among its shelves (epoch seconds; now when one is empty). */
    earliestSoldOutAt: earliest.get(m.assetId) ?? null,
  }));
  if (!bySoldOut) return { items: listed, total };
  // Soonest first (or last, descending); unknown last either way; ties by asset ID.
  const sign = p.dir === 'desc' ? -1 : 1;
  listed.sort((a, b) => {
    const x = a.earliestSoldOutAt;
    const y = b.earliestSoldOutAt;
    if (x === y) return a.assetId < b.assetId ? -1 : a.assetId > b.assetId ? 1 : 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (x - y);
  });
  return { items: listed.slice(p.offset, p.offset + p.limit), total: listed.length };
}

/** One machine as the detail API and page show it: planogram, latest status, history. */
export async function machineDetail(db: Db, assetId: string, now = Math.floor(Date.now() / 1000)) {
  const found = await getMachine(db, assetId);
  if (!found) return undefined;
  // What the forecast says of each planogram shelf (D93, D96): computed from the stock now.
  const forecast = new Map(
    (await shelfForecasts(db, { assetIds: [assetId] }, now)).map((f) => [
      `${f.cid}\u0000${f.locationId}`,
      f,
    ]),
  );
  const status = await getStatus(db, assetId);
  const temperatures = (await latestTemperatures(db, assetId)).map((t) => ({
    ...t,
    chambers: parseChambers(t.chambers),
  }));
  const clock = await machineClock(db, { assetId });
  const open = await openFaults(db, assetId);
  const versions = await machineVersionRows(db, assetId);
  const apps = await machineAppRows(db, assetId);
  const stock = new Map(
    (await shelfStockBasis(db, { assetId })).map((b) => [`${b.cid}\u0000${b.locationId}`, b]),
  );
  const planogram = found.shelves.filter((s) => s.inPlanogram);
  const cabinet =
    !status && found.machine.platform === 'saas'
      ? cabinetCodes(await getCabinet(db, assetId))
      : null;
  const flags = machineFlags(
    {
      online: status?.online ?? cabinet?.online ?? null,
      vmcOnline: status?.vmcOnline ?? null,
      doorState: status?.doorState ?? null,
      isSale: status?.isSale ?? cabinet?.isSale ?? null,
    },
    { soldOut: planogram.filter((s) => s.soldOut).length, total: planogram.length },
  );
  return {
    ...found.machine,
    ...flags,
    containers: found.containers.map((c) => ({
      cid: c.cid,
      type: c.type,
      shelves: found.shelves
        .filter((s) => s.cid === c.cid)
        .map((s) => {
          const basis = stock.get(`${s.cid}\u0000${s.locationId}`);
          const f = forecast.get(`${s.cid}\u0000${s.locationId}`);
          return {
            locationId: s.locationId,
            goodsId: s.goodsId,
            goodsName: s.goodsName,
            price: s.price,
            capacity: s.capacity,
            valve: s.valve,
            img: s.img,
            soldOut: s.soldOut,
            soldoutTime: s.soldoutTime,
            inPlanogram: s.inPlanogram,
            /** Units left: last refill's stock less delivered since (null: no refill known). */
            estimatedStock: basis ? estimatedStock(basis) : s.soldOut ? 0 : null,
            lastRefillTime: basis?.refillTime ?? null,
            soldSinceRefill: basis?.refillTime != null ? basis.soldSinceRefill : null,
            /** Units a day while stocked (one decimal); null: no fit for these goods yet. */
            demandPerDay: f?.demandPerDay ?? null,
            /** When it is predicted empty (epoch seconds; now when empty); null: unknown. */
            predictedSoldOutAt: f?.predictedSoldOutAt ?? null,
            /** The 80 % band around it. */
            predictedSoldOutEarly: f?.early ?? null,
            predictedSoldOutLate: f?.late ?? null,
          };
        }),
    })),
    status: status
      ? {
          vmcOnline: status.vmcOnline,
          online: status.online,
          doorState: status.doorState,
          isSale: status.isSale,
          coin5Count: status.coin5Count,
          coin10Count: status.coin10Count,
          faultCode: status.faultCode ? (JSON.parse(status.faultCode) as unknown) : null,
          vendingFault: open.map((f) => ({ cid: f.cid, pcode: f.pcode, ccode: f.ccode })),
          shelvesState: found.shelves.map((s) => ({
            cid: s.cid,
            shelvesId: s.locationId,
            state: s.soldOut ? 1 : 0,
            soldoutTime: s.soldoutTime,
          })),
          temperState: temperatures.map(({ cid, id: _i, assetId: _a, at: _t, ...detail }) => ({
            cid,
            temperDetail: detail,
          })),
          versions: versions.map((v) => ({ name: v.name, type: v.type, value: v.value })),
          apps: apps.map((a) => ({ name: a.name, version: a.version })),
          fireware: status.firmware,
          siteName: status.siteName,
          lineName: status.lineName,
          updatedAt: status.updatedAt,
        }
      : null,
    temperatures: temperatures.map(({ id: _i, assetId: _a, ...t }) => t),
    /** Rooms out of band at their latest reading: since when, the peak (the overview's rule, D81). */
    outOfBand: await outOfBand(db, assetId, temperatures),
    /** Its clock was last seen ahead (a stated time after its receipt, D71): by how much, since when. */
    clockAhead: clock ? { by: clock.aheadBy, since: clock.since, seenAt: clock.seenAt } : null,
    faults: (await recentFaults(db, assetId)).map(({ id: _i, assetId: _a, ...f }) => f),
    events: (await recentEvents(db, assetId)).map(({ assetId: _a, ...e }) => e),
  };
}

async function outOfBand(db: Db, assetId: string, latest: (Reading & { cid: string })[]) {
  const tolerance = (await getThresholds(db)).temperatureToleranceC;
  const out = await mapSeries(latest, (r) =>
    mapSeries(excursions(r, tolerance), async (x) => {
      const run = await excursionSince(db, {
        assetId,
        cid: r.cid,
        room: x.room,
        to: r.at,
        tolerance,
      });
      return {
        cid: r.cid,
        room: x.room,
        temperature: x.temperature,
        low: x.low,
        high: x.high,
        since: run?.since ?? r.at,
        peak: run?.peak ?? x.temperature,
        atLeast: run?.atLeast ?? false,
        latestAt: r.at,
      };
    }),
  );
  return out.flat();
}

/**
 * An AI cabinet's last poll as a machine's status codes (D81; the fleet list decodes the same
 * rule in SQL, db/queries/machine-list.ts): online with a signal, offline without, unknown when
 * the poll failed or never ran; on sale when running, not when locked.
 */
function cabinetCodes(
  c:
    | {
        signal: number | null;
        runningState: number | null;
        polledAt: number | null;
        pollError: string | null;
      }
    | undefined,
) {
  if (!c) return null;
  const polled = c.polledAt !== null && c.pollError === null;
  return {
    online: !polled || c.signal === null ? null : c.signal > 0 ? 0 : 1,
    isSale: c.runningState === 1 ? 1 : c.runningState === 0 ? 0 : null,
  };
}
