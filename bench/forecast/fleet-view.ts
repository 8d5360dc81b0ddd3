import type { FitRefill, FitTrade, MachineHistory } from '@/lib/forecast/fit';
import { shelfFigures, type MachineFigures } from '@/lib/planning/refill-priority';
import type { FleetEngine, TwinEvent } from '@/simulator/engine';
import type { Fleet, SimMachine, SimShelf } from '@/simulator/model';
import { DAY, FLEET_UTC_OFFSET } from '@/simulator/time';

/** The app's shelf key. */
export const shelfKey = (s: { cid: string; locationId: string }) => `${s.cid}|${s.locationId}`;

export interface ShelfView {
  shelf: SimShelf;
  key: string;
  /** The estimated stock (D36): the last settlement's stock less delivered units since. */
  stock: number;
  /** When it last sold its last unit, while it is empty. */
  emptySince: number | null;
}

export interface MachineView {
  m: SimMachine;
  shelves: ShelfView[];
  byKey: Map<string, ShelfView>;
  /** Delivered trades and settlements, in time order: what the app stores. */
  trades: FitTrade[];
  refills: FitRefill[];
  lastRefill: number | null;
}

export interface ViewListener {
  /** A delivered trade took the shelf's last unit. */
  soldOut?(m: MachineView, s: ShelfView, t: number): void;
  /** A settlement arrived (stock already applied). */
  refilled?(m: MachineView, t: number): void;
}

/**
 * The fleet as the app sees it from the twin's pushes: delivered trades and refill settlements
 * (the estimated stock of D36 is then exactly the shelf's stock). Also keeps the figures a
 * simulation reports from `countFrom` on: sold-out shelf-seconds, units carried, stops.
 */
export class FleetView {
  readonly machines: MachineView[];
  private readonly byId: Map<string, MachineView>;
  countFrom = Infinity;
  emptySeconds = 0;
  unitsCarried = 0;
  stops = 0;

  /** `engine` has been advanced to `at`: each machine's stock and last visit are read from it. */
  constructor(
    fleet: Fleet,
    engine: FleetEngine,
    readonly at: number,
  ) {
    this.machines = fleet.machines.map((m) => {
      const since = engine.salesSinceRefill(m.assetId)!;
      const state = engine.machineState(m.assetId)!;
      const shelves = since.shelves.map(({ shelf, stock }) => ({
        shelf,
        key: shelfKey(shelf),
        stock,
        emptySince: stock === 0 ? (state.soldOutAt.get(shelf) ?? at) : null,
      }));
      // The settlement before the window: its stock is the current stock plus what sold since.
      const sold = (shelf: SimShelf) => since.shelves.find((x) => x.shelf === shelf)!.sales;
      const before = shelves.map((s) => ({
        shelf: s.key,
        stock: s.stock + Object.values(sold(s.shelf)).reduce((n, v) => n + v.units, 0),
      }));
      return {
        m,
        shelves,
        byKey: new Map(shelves.map((s) => [s.key, s])),
        trades: [],
        refills: since.lastRefill > 0 ? [{ t: since.lastRefill, shelves: before }] : [],
        lastRefill: since.lastRefill > 0 ? since.lastRefill : null,
      };
    });
    this.byId = new Map(this.machines.map((x) => [x.m.assetId, x]));
  }

  machine(assetId: string) {
    return this.byId.get(assetId)!;
  }

  apply(events: readonly TwinEvent[], listener: ViewListener = {}) {
    for (const e of events) {
      if (e.kind === 'trade') {
        const x = e.trade;
        if (x.payStatus !== 1 || x.deliverStatus !== 0) continue;
        const mv = this.byId.get(x.assetId)!;
        const key = shelfKey(x);
        mv.trades.push({ t: e.t, shelf: key, goodsId: x.goodsId, units: x.count });
        const s = mv.byKey.get(key)!;
        s.stock = Math.max(0, s.stock - x.count);
        if (s.stock === 0 && s.emptySince === null) {
          s.emptySince = e.t;
          listener.soldOut?.(mv, s, e.t);
        }
      } else if (e.kind === 'refill') {
        const r = e.refill;
        const mv = this.byId.get(r.assetId)!;
        mv.refills.push({
          t: e.t,
          shelves: r.shelves.map((x) => ({ shelf: shelfKey(x.shelf), stock: x.stock })),
        });
        mv.lastRefill = e.t;
        const counted = e.t >= this.countFrom;
        if (counted) this.stops++;
        for (const x of r.shelves) {
          const s = mv.byKey.get(shelfKey(x.shelf))!;
          if (counted) this.unitsCarried += x.refillCount;
          s.stock = x.stock;
          if (x.stock > 0 && s.emptySince !== null) {
            this.closeEmpty(s.emptySince, e.t);
            s.emptySince = null;
          }
        }
        listener.refilled?.(mv, e.t);
      }
    }
  }

  /** Ends the count at `t`: shelves still empty count up to it. */
  finish(t: number) {
    for (const mv of this.machines)
      for (const s of mv.shelves) if (s.emptySince !== null) this.closeEmpty(s.emptySince, t);
  }

  private closeEmpty(from: number, to: number) {
    this.emptySeconds += Math.max(0, to - Math.max(from, this.countFrom));
  }

  /** What the forecast is fitted from: the window, the settlement before it, the planogram. */
  history(mv: MachineView, from: number, to: number): MachineHistory {
    let first = 0;
    while (first + 1 < mv.refills.length && mv.refills[first + 1]!.t < from) first++;
    const refills = mv.refills.filter((r, i) => i >= first && r.t < to);
    const since = refills[0]?.t ?? from;
    return {
      from,
      to,
      offset: FLEET_UTC_OFFSET,
      trades: mv.trades.filter((x) => x.t > since && x.t < to),
      refills,
      shelves: mv.shelves.map((s) => ({ shelf: s.key, goodsId: s.shelf.product.goodsId })),
    };
  }

  /** Units delivered per shelf over [from, to). */
  unitsBy(mv: MachineView, from: number, to: number): Map<string, number> {
    const units = new Map<string, number>();
    for (const x of mv.trades)
      if (x.t >= from && x.t < to) units.set(x.shelf, (units.get(x.shelf) ?? 0) + x.units);
    return units;
  }

  /** The refill priority's figures (D32) as the app would compute them at `now`. */
  figures(mv: MachineView, now: number, online: boolean): MachineFigures {
    let recentUnits = 0;
    for (let i = mv.trades.length - 1; i >= 0 && mv.trades[i]!.t > now - 7 * DAY; i--)
      recentUnits += mv.trades[i]!.units;
    return {
      assetId: mv.m.assetId,
      shelves: shelfFigures(
        mv.shelves.map((s) => ({
          soldOut: s.stock === 0,
          soldoutTime: s.emptySince,
          estimated: s.stock,
          valve: s.shelf.valve,
        })),
        now,
      ),
      recentUnits,
      lastRefillTime: mv.lastRefill,
      online,
      offlineSince: null,
    };
  }
}
