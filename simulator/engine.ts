import { Rng } from './rng';
import { DAY, HOUR, localHour, localMidnight, localWeekday } from './time';
import { CASH, ONLINE, PAY_MIX, settlementName } from './payments';
import { quirkFailedPayStatus, quirkPayStyle } from './quirks-values';
import type { Fleet, SimContainer, SimLine, SimMachine, SimShelf, SiteSpec } from './model';

/** A trade as the twin's ledger keeps it (latest state); times epoch seconds, money fen. */
export interface TwinTrade {
  id: string;
  orderNo: string;
  tradeNo: string;
  assetId: string;
  cid: string;
  locationId: string;
  goodsId: string;
  goodsName: string;
  goodsNumber: string;
  typeId: string;
  typeName: string;
  price: number;
  count: number;
  payStyle: number;
  /** 0 pending, 1 paid, 2 failed (3 timed out, with vendor quirks) */
  payStatus: number;
  payTime: number;
  createTime: number;
  /** push codes: -1 pending, 0 delivered, 3 failed */
  deliverStatus: number;
  execTs: number;
  refundStatus: number;
  refundFee: number;
  refundTime: number;
}

export interface ShelfSales {
  [payName: string]: { sales: number; units: number };
}

export interface TwinRefill {
  assetId: string;
  lastRefillTime: number;
  refillTime: number;
  shelves: { shelf: SimShelf; stock: number; refillCount: number; sales: ShelfSales }[];
  sales: ShelfSales;
}

export interface StatusChange {
  assetId: string;
  online?: number;
  vmcOnline?: number;
  doorState?: number;
  isSale?: number;
  coin5Count?: number;
  coin10Count?: number;
  vendingFault?: { cid: string; pcode: string; ccode: string }[];
  shelvesState?: { cid: string; shelvesId: string; state: number; soldoutTime?: number }[];
  temperState?: { cid: string; temperDetail: Record<string, number | string> }[];
}

/** What happened, in time order: each becomes a push (and the ledger's state). */
export type TwinEvent =
  | { kind: 'trade'; t: number; trade: TwinTrade }
  | { kind: 'status'; t: number; status: StatusChange }
  | { kind: 'refill'; t: number; refill: TwinRefill };

const FAULTS = [
  { pcode: '硬币器故障', ccode: '5 角缺币' },
  { pcode: '硬币器故障', ccode: '1 元缺币' },
  { pcode: '纸币器故障', ccode: '纸币器卡币' },
  { pcode: '出货故障', ccode: '电机卡货' },
  { pcode: '制冷故障', ccode: '压缩机过热' },
];

/** Relative demand by local hour for each kind of site. */
const HOURLY: Record<SiteSpec['kind'], number[]> = {
  office: [
    0, 0, 0, 0, 0, 0, 0.1, 0.5, 1.6, 1.4, 1, 1.1, 1.9, 1.6, 1.2, 1.4, 1.3, 1.1, 0.9, 0.5, 0.3, 0.2,
    0.1, 0,
  ],
  station: [
    0.05, 0, 0, 0, 0, 0.2, 0.9, 2, 2.2, 1.2, 0.8, 0.8, 1, 0.9, 0.8, 0.9, 1.2, 2, 2.1, 1.3, 0.9, 0.6,
    0.3, 0.1,
  ],
  school: [
    0.05, 0, 0, 0, 0, 0, 0.2, 1, 1.2, 1.1, 1.3, 1.5, 1.8, 1.3, 1.2, 1.3, 1.5, 1.4, 1.1, 1, 1.1, 0.9,
    0.5, 0.2,
  ],
  hospital: [
    0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 1.7, 1.8, 1.7, 1.5, 1.3, 1.2, 1.4, 1.4, 1.2, 0.9, 0.7,
    0.6, 0.5, 0.4, 0.3, 0.2,
  ],
  mall: [
    0, 0, 0, 0, 0, 0, 0, 0.1, 0.3, 0.6, 1, 1.4, 1.6, 1.5, 1.5, 1.6, 1.7, 1.8, 1.9, 1.9, 1.6, 1.1,
    0.4, 0,
  ],
  residential: [
    0.2, 0.1, 0, 0, 0, 0.1, 0.4, 0.9, 0.8, 0.6, 0.6, 0.8, 0.9, 0.7, 0.7, 0.8, 1, 1.3, 1.6, 1.7, 1.6,
    1.3, 0.8, 0.4,
  ],
};
/** Relative demand by weekday (0 = Sunday). */
const WEEKLY: Record<SiteSpec['kind'], number[]> = {
  office: [0.25, 1.05, 1.1, 1.1, 1.1, 1.05, 0.3],
  station: [0.8, 1.1, 1.1, 1.1, 1.1, 1.15, 0.85],
  school: [0.6, 1.1, 1.1, 1.1, 1.1, 1, 0.6],
  hospital: [0.7, 1.15, 1.1, 1.05, 1.05, 1.05, 0.8],
  mall: [1.35, 0.8, 0.8, 0.85, 0.85, 1.05, 1.4],
  residential: [1.2, 0.95, 0.95, 0.95, 0.95, 1, 1.2],
};
/** Mean trades per machine-hour at relative demand 1: about six sales a machine a day. */
const BASE_RATE = 0.19;
/** A machine's demand × its site's footfall, at most: busy sites get more machines, not more per machine. */
const MAX_PULL = 2.5;

interface MachineState {
  m: SimMachine;
  line: SimLine;
  index: number;
  /** Every shelf of the planogram, in order, and the sum of their popularity (customers' pick). */
  shelves: SimShelf[];
  popularity: number;
  stock: Map<SimShelf, number>;
  /** Shelves with stock left, in planogram order. */
  inStock: SimShelf[];
  /** Customers who found their shelf empty and walked away, per shelf (from `emitFrom`). */
  lost: Map<SimShelf, number>;
  /** Visits booked by a caller (`visits: 'external'`), in time order. */
  booked: BookedVisit[];
  soldOutAt: Map<SimShelf, number>;
  sales: Map<SimShelf, ShelfSales>;
  lastRefill: number;
  coin5: number;
  coin10: number;
  online: number;
  doorState: number;
  isSale: number;
  faults: Map<string, { cid: string; pcode: string; ccode: string }>;
  /** The machine's stream for an hour: `Rng.derive(seed, assetId, hour)`. */
  hourRng: (hour: number) => Rng;
  /** Episode rolls of recent hours, in a ring of ROLL_SLOTS indexed by hour (see rollsAt). */
  rollHours: number[];
  rolls: HourRolls[];
}

/** What a sale draws, whether or not it happens (the draws must line up either way). */
interface SaleDraw {
  shelf: number;
  pay: number;
  fail: number;
  deliver: number;
  id: string;
  refundAfter: number;
  noise: number;
}

/**
 * Something that happens within a machine-hour. An hour's actions run in time order, ties in
 * the order they were added. Plain records rather than closures: the engine runs tens of
 * millions of machine-hours, and under tsx every named closure also costs a defineProperty.
 */
type Action =
  | { t: number; kind: 'refill'; target?: VisitTarget }
  | { t: number; kind: 'online'; on: boolean }
  | { t: number; kind: 'fault'; on: boolean; variant: number }
  | { t: number; kind: 'door'; state: number }
  | { t: number; kind: 'sale'; draw: SaleDraw }
  | { t: number; kind: 'temperature'; change: Omit<StatusChange, 'assetId'> };

const byTime = (a: { t: number }, b: { t: number }) => a.t - b.t;

/**
 * A customer whose shelf is empty buys from another shelf with this probability, else walks
 * away (a lost unit). Decided from where the shelf draw fell inside the empty shelf's share
 * (uniform there, and independent of every other draw), so no draw is added (D94).
 */
export const SUBSTITUTE = 0.25;

/** Units a booked visit leaves on a shelf, given what it holds (capped at capacity, never less). */
export type VisitTarget = (shelf: SimShelf, stock: number) => number;
interface BookedVisit {
  t: number;
  target: VisitTarget;
}

export interface EngineOptions {
  statusFrom?: number;
  vendorQuirks?: boolean;
  /**
   * 'schedule' (default): each line's van visits every `refillEveryDays` and fills every shelf.
   * 'external': from `externalFrom` on no schedule runs and a caller books each visit
   * (`bookVisit`); before it the schedule runs, so machines start in a lived-in state.
   */
  visits?: 'schedule' | 'external';
  /** With `visits: 'external'`, when the schedule stops (default: `start`). */
  externalFrom?: number;
}

/**
 * The fleet's behaviour over simulated time, generated one machine-hour at a time from
 * (seed, assetId, hour) streams. Each line's refill visits restock every shelf, so a machine's
 * state after a visit does not depend on what came before: simulating from the last visit
 * before any time gives the same events as any earlier start. Reruns over overlapping windows
 * therefore produce the same trade ids, and the app's upserts keep them once. With visits a
 * caller books (`visits: 'external'`) that holds only up to `externalFrom`: after it a machine's
 * stock is whatever the booked visits left. The customers (every draw) are the same either way.
 */
export class FleetEngine {
  private readonly states: MachineState[];
  private hour: number;
  /** Events before this time are simulated for state only, not emitted. */
  private readonly emitFrom: number;

  /** Status events before this time update state but are not emitted (bulk loads). */
  private readonly statusFrom: number;

  /** Payment codes and states past the V0.9 tables, as the vendor's code sends (D71). */
  private readonly vendorQuirks: boolean;

  /** Line schedules run for visits before this time (Infinity: always). */
  private readonly scheduleUntil: number;

  constructor(
    readonly fleet: Fleet,
    start: number,
    options: EngineOptions = {},
  ) {
    this.emitFrom = start;
    this.vendorQuirks = options.vendorQuirks ?? false;
    this.statusFrom = options.statusFrom ?? start;
    this.scheduleUntil = options.visits === 'external' ? (options.externalFrom ?? start) : Infinity;
    const lines = new Map(fleet.lines.map((l) => [l.name, l]));
    this.states = fleet.machines.map((m, index) => {
      const line = lines.get(m.lineName)!;
      const shelves = m.containers.flatMap((c) => c.shelves);
      return {
        m,
        line,
        index,
        shelves,
        popularity: shelves.reduce((n, x) => n + x.product.popularity, 0),
        stock: new Map(shelves.map((s) => [s, s.capacity] as const)),
        inStock: [...shelves],
        lost: new Map(),
        booked: [],
        soldOutAt: new Map(),
        sales: new Map(),
        lastRefill: 0,
        coin5: 40,
        coin10: 40,
        online: 0,
        doorState: 1,
        isSale: 1,
        faults: new Map(),
        hourRng: Rng.deriver(fleet.seed, m.assetId),
        rollHours: new Array<number>(ROLL_SLOTS).fill(-1),
        rolls: new Array<HourRolls>(ROLL_SLOTS).fill(NO_ROLLS),
      };
    });
    // Simulate silently from the earliest machine's last visit before `start`: each machine's
    // stock is then what any earlier start would have given it by the time events are emitted.
    const visits = this.states.map((s) => lastVisit(s.line, s.index, start));
    const warmup = Math.min(...visits);
    this.hour = Math.floor(warmup / HOUR);
    this.states.forEach((s) => (s.lastRefill = lastVisit(s.line, s.index, warmup - 1)));
  }

  /** The state a status push would describe now, for every machine (its first push). */
  snapshot(): StatusChange[] {
    return this.states.map((s) => ({
      assetId: s.m.assetId,
      online: s.online,
      vmcOnline: 1,
      doorState: s.doorState,
      isSale: s.isSale,
      coin5Count: s.coin5,
      coin10Count: s.coin10,
      vendingFault: [...s.faults.values()],
      shelvesState: [...s.stock.entries()].map(([shelf, n]) => ({
        cid: shelf.cid,
        shelvesId: shelf.locationId,
        state: n > 0 ? 0 : 1,
        ...(n === 0 && { soldoutTime: s.soldOutAt.get(shelf) ?? this.emitFrom }),
      })),
    }));
  }

  /** Sales since the last refill visit, per shelf (§6.2). */
  salesSinceRefill(assetId: string) {
    const s = this.states.find((x) => x.m.assetId === assetId);
    if (!s) return undefined;
    return {
      lastRefill: s.lastRefill,
      shelves: [...s.stock.keys()].map((shelf) => ({
        shelf,
        sales: s.sales.get(shelf) ?? {},
        stock: s.stock.get(shelf)!,
      })),
    };
  }

  machineState(assetId: string) {
    return this.states.find((x) => x.m.assetId === assetId);
  }

  /** Units customers wanted from an empty shelf and did not buy elsewhere, since `start`. */
  lostUnits(assetId?: string): number {
    let n = 0;
    for (const s of this.states) {
      if (assetId !== undefined && s.m.assetId !== assetId) continue;
      for (const units of s.lost.values()) n += units;
    }
    return n;
  }

  /** The same, per shelf of one machine (shelves that lost nothing are left out). */
  lostByShelf(assetId: string): { shelf: SimShelf; units: number }[] {
    const s = this.machineState(assetId);
    return s ? [...s.lost].map(([shelf, units]) => ({ shelf, units })) : [];
  }

  /**
   * Books a visit (`visits: 'external'`): at `t` each shelf is brought to `target(shelf, stock)`
   * units, capped at its capacity and never below what it holds, with the settlement a
   * scheduled visit sends. `t` must lie in an hour not yet simulated and after the schedule.
   */
  bookVisit(assetId: string, t: number, target: VisitTarget) {
    const s = this.machineState(assetId);
    if (!s) throw new Error(`no machine ${assetId}`);
    if (this.scheduleUntil === Infinity) throw new Error("visits are on the lines' schedule");
    if (t < this.scheduleUntil) throw new Error(`visit at ${t} is before the external visits`);
    if (t < this.hour * HOUR) throw new Error(`visit at ${t} is in an hour already simulated`);
    let i = s.booked.length;
    while (i > 0 && s.booked[i - 1]!.t > t) i--;
    s.booked.splice(i, 0, { t, target });
  }

  /** Generates every whole hour that starts before `t`; returns the events in time order. */
  advanceTo(t: number): TwinEvent[] {
    const events: TwinEvent[] = [];
    while (this.hour * HOUR < t) {
      const h = this.hour++;
      for (const s of this.states) this.runHour(s, h, events);
    }
    events.sort((a, b) => a.t - b.t);
    return events.filter((e) => e.t >= (e.kind === 'status' ? this.statusFrom : this.emitFrom));
  }

  private runHour(s: MachineState, h: number, out: TwinEvent[]) {
    const t0 = h * HOUR;
    // One stream per machine-hour. Its first draws roll the hour's episodes, then the door,
    // then the trades; temperatures come last, so leaving them out (bulk history) changes
    // nothing else.
    const rng = s.hourRng(h);
    setRolls(s, h, rollEpisodes(rng, h));
    const offline = episodeStarts(s, h, 'offline');
    const fault = episodeStarts(s, h, 'fault');

    const actions: Action[] = [];
    const midnight = localMidnight(t0);
    const visit = visitTime(s.line, s.index, midnight);
    if (
      isVisitDay(s.line, midnight) &&
      visit >= t0 &&
      visit < t0 + HOUR &&
      visit < this.scheduleUntil
    ) {
      actions.push({ t: visit, kind: 'refill' });
    }
    while (s.booked.length && s.booked[0]!.t < t0 + HOUR) {
      const b = s.booked.shift()!;
      actions.push({ t: b.t, kind: 'refill', target: b.target });
    }
    for (const edge of edgesIn(offline, t0)) {
      actions.push({ t: edge.t, kind: 'online', on: edge.on });
    }
    for (const edge of edgesIn(fault, t0)) {
      actions.push({ t: edge.t, kind: 'fault', on: edge.on, variant: edge.variant });
    }
    if (rng.chance(0.004)) {
      const open = t0 + rng.int(0, 40) * 60;
      const close = open + rng.int(5, 19) * 60;
      actions.push({ t: open, kind: 'door', state: 0 }, { t: close, kind: 'door', state: 1 });
    }

    const kind = s.m.site.kind;
    const pull = Math.min(s.m.demand * s.m.site.footfall, MAX_PULL);
    const lambda =
      BASE_RATE * pull * HOURLY[kind][localHour(t0)]! * WEEKLY[kind][localWeekday(t0)]!;
    const n = rng.poisson(lambda);
    for (let k = 0; k < n; k++) {
      const t = t0 + rng.int(0, HOUR - 1);
      const draw: SaleDraw = {
        shelf: rng.next(),
        pay: rng.next(),
        fail: rng.next(),
        deliver: rng.next(),
        id: rng.hex(8),
        refundAfter: rng.int(3, 30) * 60,
        noise: rng.int(100000, 999999),
      };
      // Offline spells and blocking faults are read from the episodes, not from state, so that
      // a sale does not depend on where the simulation started.
      if (activeAt(offline, t) || activeAt(fault, t, isBlocking)) continue;
      actions.push({ t, kind: 'sale', draw });
    }

    if (t0 + 1800 >= this.statusFrom) {
      for (const c of s.m.containers) {
        if (c.type === 1) actions.push(this.temperature(s, c, t0 + 1800, rng));
      }
    }
    if (actions.length > 1) actions.sort(byTime);
    for (const action of actions) this.act(s, action, out);
  }

  private act(s: MachineState, a: Action, out: TwinEvent[]) {
    switch (a.kind) {
      case 'sale':
        this.sell(s, a.t, a.draw, out);
        break;
      case 'refill':
        out.push({ kind: 'refill', t: a.t, refill: this.refill(s, a.t, out, a.target) });
        break;
      case 'online':
        s.online = a.on ? 1 : 0;
        this.status(s, out, a.t, { online: s.online });
        break;
      case 'fault': {
        const f = FAULTS[a.variant % FAULTS.length]!;
        const key = `${f.pcode}/${f.ccode}`;
        if (a.on) s.faults.set(key, { cid: s.m.assetId, ...f });
        else s.faults.delete(key);
        const blocking = [...s.faults.values()].some((x) => x.pcode === BLOCKING_FAULT);
        const change: Omit<StatusChange, 'assetId'> = { vendingFault: [...s.faults.values()] };
        if ((blocking ? 0 : 1) !== s.isSale) change.isSale = s.isSale = blocking ? 0 : 1;
        this.status(s, out, a.t, change);
        break;
      }
      case 'door':
        this.status(s, out, a.t, { doorState: (s.doorState = a.state) });
        break;
      case 'temperature':
        this.status(s, out, a.t, a.change);
        break;
    }
  }

  private status(
    s: MachineState,
    out: TwinEvent[],
    t: number,
    change: Omit<StatusChange, 'assetId'>,
  ) {
    out.push({ kind: 'status', t, status: { assetId: s.m.assetId, ...change } });
  }

  /** An hourly reading of a drinks container: around its cooling band, now and then well above. */
  private temperature(s: MachineState, c: SimContainer, at: number, rng: Rng): Action {
    const mid = (c.coolLow + c.coolHigh) / 2;
    const excursion = rng.chance(0.01) ? rng.int(6, 10) : 0;
    const left = Math.round(mid + rng.normal() * 1.2 + excursion);
    const right = Math.round(mid + rng.normal() * 1.2 + excursion / 2);
    const temperDetail = {
      engyOnT: '0:0',
      engyOffT: '6:0',
      lampOnT: '18:0',
      lampOffT: '7:0',
      cryTemUL: c.coolHigh,
      cryTemDL: c.coolLow,
      heatTemUL: 60,
      heatTemDL: 50,
      leftRmTem: left,
      rightRmTem: right,
      leftRmRef: 1,
      rightRmRef: 1,
      leftRmHeat: 0,
      rightRmHeat: 0,
      lampNorOp: 0,
      lampAut: 1,
    };
    const cid = c.cid === s.m.assetId ? 'master' : c.cid;
    return { t: at, kind: 'temperature', change: { temperState: [{ cid, temperDetail }] } };
  }

  /**
   * A customer wants the shelf their draw falls on, over the whole planogram: demand is the
   * shelf's own. An empty shelf sends them to another shelf now and then (SUBSTITUTE), else the
   * unit is lost.
   */
  private sell(s: MachineState, t: number, d: SaleDraw, out: TwinEvent[]) {
    let r = d.shelf * s.popularity;
    let shelf = s.shelves[s.shelves.length - 1]!;
    let within = 0;
    for (const x of s.shelves) {
      const w = x.product.popularity;
      if (r < w) {
        shelf = x;
        within = r / w;
        break;
      }
      r -= w;
    }
    if (s.stock.get(shelf)! === 0) {
      if (within >= SUBSTITUTE || s.inStock.length === 0) {
        if (t >= this.emitFrom) s.lost.set(shelf, (s.lost.get(shelf) ?? 0) + 1);
        return;
      }
      shelf = pickWeighted(s.inStock, (x) => x.product.popularity, within / SUBSTITUTE);
    }
    const drawn = pickWeighted(PAY_MIX, (p) => p.weight, d.pay).payStyle;
    const payStyle = this.vendorQuirks ? quirkPayStyle(drawn, d.noise) : drawn;
    const paid = d.fail >= 0.02;
    const delivered = paid && d.deliver >= 0.015;
    const p = shelf.product;
    const trade: TwinTrade = {
      id: t.toString(16).padStart(8, '0') + d.id,
      orderNo: `${t}${String(d.noise).padStart(6, '0')}-${s.m.assetId.slice(-4)}`,
      tradeNo: ONLINE.has(payStyle)
        ? `4200${t}${d.id.slice(0, 8)}`.replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))
        : '',
      assetId: s.m.assetId,
      cid: shelf.cid,
      locationId: shelf.locationId,
      goodsId: p.goodsId,
      goodsName: p.name,
      goodsNumber: p.number,
      typeId: p.typeId,
      typeName: p.typeName,
      price: p.price,
      count: 1,
      payStyle,
      payStatus: paid ? 1 : this.vendorQuirks ? quirkFailedPayStatus(d.noise) : 2,
      payTime: t,
      createTime: t - 20,
      deliverStatus: paid ? (delivered ? 0 : 3) : -1,
      execTs: paid ? t + 6 : 0,
      refundStatus: 0,
      refundFee: 0,
      refundTime: 0,
    };
    out.push({ kind: 'trade', t, trade });
    if (paid && !delivered) {
      const refundAt = t + d.refundAfter;
      out.push({
        kind: 'trade',
        t: refundAt,
        trade: { ...trade, refundStatus: 2, refundFee: p.price, refundTime: refundAt },
      });
    }
    if (!delivered) return;
    const left = s.stock.get(shelf)! - 1;
    s.stock.set(shelf, left);
    const name = settlementName(payStyle);
    const sales = s.sales.get(shelf) ?? {};
    sales[name] = {
      sales: (sales[name]?.sales ?? 0) + p.price,
      units: (sales[name]?.units ?? 0) + 1,
    };
    s.sales.set(shelf, sales);
    if (payStyle === CASH) {
      s.coin10 += Math.floor(p.price / 100);
      s.coin5 += Math.floor((p.price % 100) / 50);
    }
    if (left === 0) {
      s.inStock = s.inStock.filter((x) => x !== shelf);
      s.soldOutAt.set(shelf, t + 6);
      this.status(s, out, t + 6, {
        shelvesState: [
          { cid: shelf.cid, shelvesId: shelf.locationId, state: 1, soldoutTime: t + 6 },
        ],
      });
    }
  }

  private refill(s: MachineState, t: number, out: TwinEvent[], target?: VisitTarget): TwinRefill {
    const shelves = [...s.stock.entries()].map(([shelf, n]) => {
      const want = target ? Math.floor(target(shelf, n)) : shelf.capacity;
      const after = Number.isNaN(want) ? n : Math.min(shelf.capacity, Math.max(n, want));
      return {
        shelf,
        stock: after,
        refillCount: after - n,
        sales: withTotals(s.sales.get(shelf) ?? {}),
      };
    });
    const machineSales: ShelfSales = {};
    for (const x of shelves) {
      for (const [name, v] of Object.entries(x.sales)) {
        machineSales[name] = {
          sales: (machineSales[name]?.sales ?? 0) + v.sales,
          units: (machineSales[name]?.units ?? 0) + v.units,
        };
      }
    }
    const restocked = shelves.filter((x) => s.soldOutAt.has(x.shelf) && x.stock > 0);
    const refill = {
      assetId: s.m.assetId,
      lastRefillTime: s.lastRefill,
      refillTime: t,
      shelves,
      sales: machineSales,
    };
    for (const x of shelves) s.stock.set(x.shelf, x.stock);
    s.inStock = s.shelves.filter((x) => s.stock.get(x)! > 0);
    for (const x of restocked) s.soldOutAt.delete(x.shelf);
    s.sales.clear();
    s.lastRefill = t;
    s.coin5 = 40;
    s.coin10 = 40;
    this.status(s, out, t + 60, {
      coin5Count: s.coin5,
      coin10Count: s.coin10,
      ...(restocked.length && {
        shelvesState: restocked.map((x) => ({
          cid: x.shelf.cid,
          shelvesId: x.shelf.locationId,
          state: 0,
        })),
      }),
    });
    return refill;
  }
}

/** Adds the total, cash and cashless rows §8.1 always carries. */
function withTotals(sales: ShelfSales): ShelfSales {
  const sum = (pred: (name: string) => boolean) =>
    Object.entries(sales)
      .filter(([name]) => pred(name))
      .reduce((a, [, v]) => ({ sales: a.sales + v.sales, units: a.units + v.units }), {
        sales: 0,
        units: 0,
      });
  return {
    total: sum(() => true),
    cash: sum((n) => n === 'cash'),
    cashless: sum((n) => n !== 'cash'),
    ...sales,
  };
}

function pickWeighted<T>(items: readonly T[], weight: (x: T) => number, u: number): T {
  const total = items.reduce((a, x) => a + weight(x), 0);
  let r = u * total;
  for (const x of items) {
    r -= weight(x);
    if (r < 0) return x;
  }
  return items[items.length - 1]!;
}

function isVisitDay(line: SimLine, midnight: number): boolean {
  const day = Math.floor((midnight + 8 * HOUR) / DAY);
  return (day - line.refillOffsetDays) % line.refillEveryDays === 0;
}

/** The machine's last refill visit at or before t. */
function lastVisit(line: SimLine, index: number, t: number): number {
  let midnight = localMidnight(t);
  while (!isVisitDay(line, midnight) || visitTime(line, index, midnight) > t) midnight -= DAY;
  return visitTime(line, index, midnight);
}

/** When the van reaches machine `index` of the line on the visit day starting at `midnight`. */
function visitTime(line: SimLine, index: number, midnight: number): number {
  return midnight + line.refillHour * HOUR + ((index * 7) % 50) * 60;
}

interface EpisodeStart {
  start: number;
  end: number;
  variant: number;
}

/** An hour's episode rolls: whether an offline spell or a fault starts in it, and its shape. */
interface HourRolls {
  offline: EpisodeStart | null;
  fault: EpisodeStart | null;
}

const EPISODES = {
  offline: { p: 0.0015, minH: 1, maxH: 5 },
  fault: { p: 0.003, minH: 1, maxH: 8 },
} as const;
const BLOCKING_FAULT = '出货故障';

/** Ring slots for an hour's episode rolls: more than the longest look-back (maxH + 1 hours). */
const ROLL_SLOTS = 16;
/** The rolls of an hour in which nothing starts (most hours): shared, never changed. */
const NO_ROLLS: HourRolls = Object.freeze({ offline: null, fault: null });
const NO_STARTS: readonly EpisodeStart[] = Object.freeze([]);

/** Always the same number of draws, whatever they give, so the hour's later draws line up. */
function rollEpisodes(rng: Rng, hour: number): HourRolls {
  const offline = rollEpisode(rng, hour, EPISODES.offline);
  const fault = rollEpisode(rng, hour, EPISODES.fault);
  return offline || fault ? { offline, fault } : NO_ROLLS;
}

function rollEpisode(
  rng: Rng,
  hour: number,
  e: { p: number; minH: number; maxH: number },
): EpisodeStart | null {
  const hit = rng.next() < e.p;
  const start = hour * HOUR + rng.int(0, 59) * 60;
  const end = start + rng.int(e.minH * 60, e.maxH * 60) * 60;
  const variant = rng.int(0, 1000);
  return hit ? { start, end, variant } : null;
}

function setRolls(s: MachineState, hour: number, rolls: HourRolls) {
  s.rollHours[hour % ROLL_SLOTS] = hour;
  s.rolls[hour % ROLL_SLOTS] = rolls;
}

/**
 * An hour's rolls are the first draws of that hour's own stream, so they are the same whether
 * the hour was simulated (and kept in the ring) or lies before the simulation's first hour.
 */
function rollsAt(s: MachineState, hour: number): HourRolls {
  if (s.rollHours[hour % ROLL_SLOTS] === hour) return s.rolls[hour % ROLL_SLOTS]!;
  const rolls = rollEpisodes(s.hourRng(hour), hour);
  setRolls(s, hour, rolls);
  return rolls;
}

/**
 * Episodes (offline spells, faults) that may start in any hour and last hours: rolled per
 * (seed, machine, hour), so whether a machine is in one at any time does not depend on where
 * the simulation started. The ones that may still be running in `hour`, by start hour.
 */
function episodeStarts(
  s: MachineState,
  hour: number,
  label: keyof typeof EPISODES,
): readonly EpisodeStart[] {
  let starts: EpisodeStart[] | undefined;
  for (let h = hour - EPISODES[label].maxH; h <= hour; h++) {
    const r = rollsAt(s, h)[label];
    if (r) (starts ??= []).push(r);
  }
  return starts ?? NO_STARTS;
}

function activeAt(
  starts: readonly EpisodeStart[],
  t: number,
  which?: (variant: number) => boolean,
): boolean {
  for (const e of starts)
    if (e.start <= t && t < e.end && (!which || which(e.variant))) return true;
  return false;
}

function isBlocking(variant: number): boolean {
  return FAULTS[variant % FAULTS.length]!.pcode === BLOCKING_FAULT;
}

/** The episode edges inside the hour starting at t0: `on` = the episode starts. */
function edgesIn(starts: readonly EpisodeStart[], t0: number) {
  const edges: { t: number; on: boolean; variant: number }[] = [];
  for (const e of starts) {
    if (e.start >= t0 && e.start < t0 + HOUR)
      edges.push({ t: e.start, on: true, variant: e.variant });
    if (e.end >= t0 && e.end < t0 + HOUR) edges.push({ t: e.end, on: false, variant: e.variant });
  }
  return edges;
}
