/**
 * A machine's history as one list, newest first: faults with how long they lasted, and the
 * state transitions (door, online, VMC, sale, shelves) with how long the state they end had
 * lasted. Pure: the page renders it, the tests check it.
 */
export interface EventInput {
  id: number;
  at: number;
  kind: string;
  fromValue: string | null;
  toValue: string | null;
  cid: string | null;
  detail: string | null;
}

export interface FaultInput {
  cid: string;
  pcode: string;
  ccode: string;
  raisedAt: number;
  clearedAt: number | null;
}

export type TimelineKind =
  | 'fault_raised'
  | 'fault_cleared'
  | 'door_open'
  | 'door_closed'
  | 'online'
  | 'offline'
  | 'vmc_ok'
  | 'vmc_lost'
  | 'sellable'
  | 'not_sellable'
  | 'sold_out'
  | 'restocked';

export interface TimelineEntry {
  key: string;
  at: number;
  kind: TimelineKind;
  cid: string | null;
  /** The shelf for sold_out/restocked, the fault name for faults. */
  detail: string | null;
  pcode: string | null;
  /**
   * For an entry that ends a state (fault cleared, door closed, back online…): how long that
   * state lasted. For a raised fault: how long it lasted, or has lasted so far when `ongoing`.
   */
  durationSeconds: number | null;
  ongoing: boolean;
}

/** Event kinds whose toValue means one thing or its opposite (the platform's codes). */
const STATES: Record<string, Record<string, TimelineKind>> = {
  door: { '0': 'door_open', '1': 'door_closed' },
  online: { '0': 'online', '1': 'offline' },
  vmc: { '1': 'vmc_ok', '0': 'vmc_lost' },
  sale: { '1': 'sellable', '0': 'not_sellable' },
};
/** The state an entry ends, whose start gives its duration. */
const ENDS: Partial<Record<TimelineKind, TimelineKind>> = {
  door_closed: 'door_open',
  online: 'offline',
  vmc_ok: 'vmc_lost',
  sellable: 'not_sellable',
  restocked: 'sold_out',
};

export function buildTimeline(
  events: readonly EventInput[],
  faults: readonly FaultInput[],
  now: number,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const started = new Map<string, number>();
  const chronological = [...events].sort((a, b) => a.at - b.at || a.id - b.id);
  for (const e of chronological) {
    let kind: TimelineKind | undefined;
    if (e.kind === 'sold_out' || e.kind === 'restocked') kind = e.kind;
    else kind = STATES[e.kind]?.[e.toValue ?? ''];
    // Faults come from their own table, which knows when each was cleared.
    if (!kind) continue;
    const shelf = kind === 'sold_out' || kind === 'restocked' ? `${e.cid}\u0000${e.detail}` : '';
    const ends = ENDS[kind];
    const since = ends ? started.get(`${ends}${shelf}`) : undefined;
    started.set(`${kind}${shelf}`, e.at);
    if (ends) started.delete(`${ends}${shelf}`);
    entries.push({
      key: `e${e.id}`,
      at: e.at,
      kind,
      cid: e.cid,
      detail: e.detail,
      pcode: null,
      durationSeconds: since === undefined ? null : e.at - since,
      ongoing: false,
    });
  }
  faults.forEach((f, i) => {
    const base = { cid: f.cid, detail: f.ccode, pcode: f.pcode };
    const lasted = (f.clearedAt ?? now) - f.raisedAt;
    entries.push({
      key: `f${i}r`,
      at: f.raisedAt,
      kind: 'fault_raised',
      ...base,
      durationSeconds: lasted,
      ongoing: f.clearedAt === null,
    });
    if (f.clearedAt !== null)
      entries.push({
        key: `f${i}c`,
        at: f.clearedAt,
        kind: 'fault_cleared',
        ...base,
        durationSeconds: lasted,
        ongoing: false,
      });
  });
  // Newest first; at the same second an ending comes after (above) what it ends.
  const rank = (k: TimelineKind) => (ENDS[k] || k === 'fault_cleared' ? 0 : 1);
  return entries.sort((a, b) => b.at - a.at || rank(a.kind) - rank(b.kind));
}

/** The two largest units of a duration, for "2 h 5 min"-style text. */
export function durationParts(seconds: number) {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return { unit: 'dh', d, h } as const;
  if (h > 0) return { unit: 'hm', h, m } as const;
  if (m > 0) return { unit: 'ms', m, s: s % 60 } as const;
  return { unit: 's', s } as const;
}

export interface FoldedEntry extends TimelineEntry {
  /** How many entries in a row this one stands for (1: itself alone). */
  count: number;
  /** The oldest of them (`at` is the newest). */
  firstAt: number;
  /** For sold_out/restocked: the shelves of the folded entries, newest first, each once. */
  shelves: string[];
}

const SHELF_KINDS: ReadonlySet<TimelineKind> = new Set(['sold_out', 'restocked']);

/**
 * Entries in a row that say the same thing as one, with a count and the span they cover (D81):
 * the same kind on the same container and shelf or fault, or shelves of one container selling
 * out (or coming back) one after another, named together. A machine that reports shelves sold
 * out fifty times in a row shows one row "×50", not fifty. `entries` newest first, as
 * buildTimeline gives them.
 */
export function foldTimeline(entries: readonly TimelineEntry[]): FoldedEntry[] {
  const out: FoldedEntry[] = [];
  const same = (a: TimelineEntry, b: TimelineEntry) =>
    a.kind === b.kind &&
    a.cid === b.cid &&
    a.pcode === b.pcode &&
    (SHELF_KINDS.has(a.kind) || a.detail === b.detail);
  for (const e of entries) {
    const last = out.at(-1);
    if (last && same(last, e)) {
      last.count += 1;
      last.firstAt = e.at;
      if (e.detail !== null && !last.shelves.includes(e.detail)) last.shelves.push(e.detail);
    } else
      out.push({
        ...e,
        count: 1,
        firstAt: e.at,
        shelves: SHELF_KINDS.has(e.kind) && e.detail !== null ? [e.detail] : [],
      });
  }
  return out;
}
