import 'server-only';
import type { Db } from '@/db/client';
import {
  clocksAhead,
  doorOpenSince,
  failedProjections,
  failingSyncJobs,
  latestReadingsOf,
  offlineSince,
  openFaults,
  ordersNeedingReview,
  reconcileDifferences,
  silentSince,
  soldOutShelves,
  type Machines,
} from '@/db/queries/alert-sources';
import { listThrottledMachines } from '@/db/queries/pickup';
import { stockBasis } from '@/db/queries/stock';
import { estimatedStock, stockLevel } from '@/lib/fleet/estimated-stock';
import { parseChambers } from '@/lib/fleet/temperature';
import { excursions } from '@/lib/fleet/temperature-band';
import { excursionSince } from '@/lib/fleet/temperatures';
import type { AlertKind } from './kinds';
import { salesBelow } from './sales-detect';
import { ruleFor, type Thresholds } from './thresholds';

/** A condition seen holding now, with its start when the data knows it and its facts. */
export interface Seen {
  kind: AlertKind;
  assetId: string | null;
  subject: string;
  since?: number;
  details: Record<string, string | number | boolean | null | string[]>;
}

/** How far back a throttled pickup-code check stays an alert. */
export const PICKUP_THROTTLE_ALERT_S = 3600;

/** Kinds a machine's own messages change: evaluated for the machines a tick saw change. */
export const PUSHED_KINDS = [
  'offline',
  'door',
  'stale',
  'fault',
  'soldOut',
  'clockAhead',
  'underThreshold',
  'temperature',
] as const satisfies readonly AlertKind[];

type Detector = (db: Db, o: { now: number; t: Thresholds; machines: Machines }) => Promise<Seen[]>;

const at = (since: number | null | undefined) => (since === null ? undefined : since);
const machine = (kind: AlertKind, assetId: string, since: number | null | undefined) => ({
  kind,
  assetId,
  subject: '',
  since: at(since),
});

/** Low shelves per machine: the machine page's "low" (lib/fleet/estimated-stock). */
async function lowShelves(db: Db, machines: Machines) {
  const scope = machines === null ? { fleet: true as const } : { assetIds: machines };
  const low = new Map<string, string[]>();
  for (const s of await stockBasis(db, scope, { mayBeLow: true })) {
    if (!s.inPlanogram || s.soldOut) continue;
    const level = stockLevel({ soldOut: false, estimated: estimatedStock(s), valve: s.valve });
    if (level === 'low')
      low.set(s.assetId, [...(low.get(s.assetId) ?? []), `${s.cid}-${s.locationId}`]);
  }
  return low;
}

/** Temperature excursions: one condition per container's room, since its first warm reading (D81). */
async function temperatures(db: Db, o: { t: Thresholds; machines: Machines }): Promise<Seen[]> {
  const tolerance = ruleFor(o.t, 'temperature').tolerance;
  const out: Seen[] = [];
  for (const row of await latestReadingsOf(db, o.machines)) {
    const r = { ...row, chambers: parseChambers(row.chambers) };
    for (const x of excursions(r, tolerance)) {
      const run = await excursionSince(db, {
        assetId: r.assetId,
        cid: r.cid,
        room: x.room,
        to: r.at,
        tolerance,
      });
      const since = run?.since ?? r.at;
      out.push({
        kind: 'temperature',
        assetId: r.assetId,
        subject: `${r.cid}:${x.room}`,
        since,
        details: {
          cid: r.cid,
          room: x.room,
          temperature: x.temperature,
          low: x.low,
          high: x.high,
          mode: x.mode,
          peak: run?.peak ?? x.temperature,
          latestAt: r.at,
          minutesOut: Math.floor((r.at - since) / 60),
          /** 1 when the run began before the look-back's start: "at least since". */
          atLeast: run?.atLeast ? 1 : 0,
        },
      });
    }
  }
  return out;
}

const DETECTORS: Record<AlertKind, Detector> = {
  offline: async (db, o) =>
    (await offlineSince(db, o.machines)).map((r) => ({
      ...machine('offline', r.assetId, r.since),
      details: {},
    })),
  door: async (db, o) =>
    (await doorOpenSince(db, o.machines)).map((r) => ({
      ...machine('door', r.assetId, r.since),
      details: {},
    })),
  // Silence starts at the last message; only machines past the threshold are worth a row.
  stale: async (db, o) =>
    (
      await silentSince(db, { before: o.now - ruleFor(o.t, 'stale').minS, machines: o.machines })
    ).map((r) => ({
      ...machine('stale', r.assetId, r.since),
      details: {},
    })),
  fault: async (db, o) =>
    (await openFaults(db, o.machines)).map((r) => ({
      kind: 'fault',
      assetId: r.assetId,
      subject: `${r.cid}:${r.pcode}/${r.ccode}`,
      since: r.since,
      details: { cid: r.cid, pcode: r.pcode, ccode: r.ccode },
    })),
  soldOut: async (db, o) => {
    const tolerance = ruleFor(o.t, 'soldOut').tolerance;
    return (await soldOutShelves(db, o.machines))
      .filter((r) => r.shelves > tolerance)
      .map((r) => ({
        ...machine('soldOut', r.assetId, r.since),
        details: { shelves: r.shelves, list: (JSON.parse(r.cids) as string[]).slice(0, 50) },
      }));
  },
  clockAhead: async (db, o) => {
    const tolerance = ruleFor(o.t, 'clockAhead').tolerance * 60;
    return (await clocksAhead(db, o.machines))
      .filter((r) => r.aheadBy > tolerance)
      .map((r) => ({
        ...machine('clockAhead', r.assetId, r.since),
        details: { aheadBy: r.aheadBy },
      }));
  },
  underThreshold: async (db, o) => {
    const tolerance = ruleFor(o.t, 'underThreshold').tolerance;
    return [...(await lowShelves(db, o.machines))]
      .filter(([, list]) => list.length > tolerance)
      .map(([assetId, list]) => ({
        ...machine('underThreshold', assetId, undefined),
        details: { shelves: list.length, list: list.slice(0, 50) },
      }));
  },
  temperature: async (db, o) => await temperatures(db, o),
  salesBelowExpected: async (db, o) => await salesBelow(db, o),
  pickupThrottled: async (db, o) =>
    (await listThrottledMachines(db, { since: o.now - PICKUP_THROTTLE_ALERT_S, limit: 100_000 }))
      .filter((r) => o.machines === null || o.machines.includes(r.assetId))
      .map((r) => ({
        ...machine('pickupThrottled', r.assetId, r.firstThrottledAt),
        details: { wrongCodes: r.wrongCodes, refused: r.throttledChecks },
      })),
  cabinetReview: async (db) =>
    (await ordersNeedingReview(db)).map((r) => ({
      kind: 'cabinetReview',
      assetId: r.assetId,
      subject: r.orderId,
      since: r.since,
      details: { orderId: r.orderId, doorNo: r.doorNo, reason: r.reason },
    })),
  reconcileDifference: async (db, o) => {
    const tolerance = ruleFor(o.t, 'reconcileDifference').tolerance;
    return (await reconcileDifferences(db))
      .filter((r) => Math.abs(r.countDiff) > tolerance || (tolerance === 0 && r.amountDiff !== 0))
      .map((r) => ({
        ...machine('reconcileDifference', r.assetId, r.since),
        details: {
          day: r.day,
          checkId: r.checkId,
          amountDiff: r.amountDiff,
          countDiff: r.countDiff,
        },
      }));
  },
  projectionFailed: async (db) =>
    (await failedProjections(db)).map((r) => ({
      kind: 'projectionFailed',
      assetId: null,
      subject: r.kind,
      since: r.since,
      details: {
        messageKind: r.kind,
        count: r.count,
        firstId: r.firstId,
        error: r.error?.slice(0, 200) ?? null,
      },
    })),
  syncFailing: async (db) =>
    (await failingSyncJobs(db)).map((r) => {
      const errors = JSON.parse(r.errors) as { message?: string }[];
      return {
        kind: 'syncFailing',
        assetId: null,
        subject: r.job,
        since: r.since,
        details: {
          job: r.job,
          runs: r.runs,
          runId: r.runId,
          error: errors.at(-1)?.message?.slice(0, 200) ?? null,
        },
      };
    }),
};

/** The conditions of `kinds` holding now, for some machines or (null) the whole fleet and the app. */
export async function detect(
  db: Db,
  o: { now: number; t: Thresholds; kinds: readonly AlertKind[]; machines: Machines },
): Promise<Seen[]> {
  const out: Seen[] = [];
  for (const k of o.kinds) out.push(...(await DETECTORS[k](db, o)));
  return out;
}
