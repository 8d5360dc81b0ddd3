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
import { parseChambers, type Reading } from '@/lib/domain/temperature';
import { machineFlags, machineListItem } from '@/lib/api/views';
import { estimatedStock } from '@/lib/domain/estimated-stock';
import { excursions } from '@/lib/domain/temperature-band';
import { getThresholds } from '@/lib/alerts/thresholds';
import { excursionSince } from '@/lib/temperatures';

/** The fleet list as the API answers it and the pages prefetch it. */
export function machineList(db: Db, p: MachineListParams) {
  const { items, total } = listMachines(db, p);
  return { items: items.map(machineListItem), total };
}

/** One machine as the detail API and page show it: planogram, latest status, history. */
export function machineDetail(db: Db, assetId: string) {
  const found = getMachine(db, assetId);
  if (!found) return undefined;
  const status = getStatus(db, assetId);
  const temperatures = latestTemperatures(db, assetId).map((t) => ({
    ...t,
    chambers: parseChambers(t.chambers),
  }));
  const clock = machineClock(db, { assetId });
  const open = openFaults(db, assetId);
  const versions = machineVersionRows(db, assetId);
  const apps = machineAppRows(db, assetId);
  const stock = new Map(
    shelfStockBasis(db, { assetId }).map((b) => [`${b.cid}\u0000${b.locationId}`, b]),
  );
  const planogram = found.shelves.filter((s) => s.inPlanogram);
  const cabinet =
    !status && found.machine.platform === 'saas' ? cabinetCodes(getCabinet(db, assetId)) : null;
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
    outOfBand: outOfBand(db, assetId, temperatures),
    /** Its clock was last seen ahead (a stated time after its receipt, D71): by how much, since when. */
    clockAhead: clock ? { by: clock.aheadBy, since: clock.since, seenAt: clock.seenAt } : null,
    faults: recentFaults(db, assetId).map(({ id: _i, assetId: _a, ...f }) => f),
    events: recentEvents(db, assetId).map(({ assetId: _a, ...e }) => e),
  };
}

function outOfBand(db: Db, assetId: string, latest: (Reading & { cid: string })[]) {
  const tolerance = getThresholds(db).temperatureToleranceC;
  return latest.flatMap((r) =>
    excursions(r, tolerance).map((x) => {
      const run = excursionSince(db, { assetId, cid: r.cid, room: x.room, to: r.at, tolerance });
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
