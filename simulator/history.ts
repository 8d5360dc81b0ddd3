import { FleetEngine, type TwinTrade } from './engine';
import { generateFleet } from './fleet';
import { devicePayload, fullStatusPayload, refillPayload, statusPayload } from './payloads';
import { DAY, HOUR } from './time';

export interface HistoryOptions {
  seed: number;
  machines: number;
  lines?: number;
  days: number;
  /** End of the history, epoch seconds (default now); rounded down to an hour. */
  end?: number;
  /** Status events before this are left out (default: all but the last day). */
  statusFrom?: number;
  /** No status history at all: only each machine's state at the end. */
  finalStatusOnly?: boolean;
  /** The payment codes and states the vendor's code sends (D71), as a twin with them would. */
  vendorQuirks?: boolean;
}

/** One message of the history, as the platform would have pushed it (without the envelope). */
export type HistoryMessage =
  | { kind: 'device'; t: number; payload: Awaited<ReturnType<typeof devicePayload>> }
  | { kind: 'status'; t: number; payload: Record<string, unknown> }
  | { kind: 'trade'; t: number; trade: TwinTrade }
  | { kind: 'refill'; t: number; payload: Awaited<ReturnType<typeof refillPayload>> };

export interface HistoryBatch {
  /** 0 for the fleet itself (devices, first statuses), then 1…days, then days + 1 (final state). */
  day: number;
  messages: HistoryMessage[];
}

/**
 * The twin's history for a window, a simulated day at a time: the same events a live twin over
 * that window would push (D10), for writing straight into a database.
 */
export function* generateHistory(o: HistoryOptions): Generator<HistoryBatch> {
  const end = Math.floor((o.end ?? Date.now() / 1000) / HOUR) * HOUR;
  const start = end - o.days * DAY;
  const fleet = generateFleet({ seed: o.seed, machines: o.machines, lines: o.lines });
  const machines = new Map(fleet.machines.map((m) => [m.assetId, m]));
  const statusFrom = o.finalStatusOnly ? end + 1 : Math.max(o.statusFrom ?? 0, end - DAY);
  const engine = new FleetEngine(fleet, start, { statusFrom, vendorQuirks: o.vendorQuirks });
  engine.advanceTo(start);
  const first: HistoryMessage[] = fleet.machines.map((m) => ({
    kind: 'device',
    t: start,
    payload: devicePayload(m),
  }));
  if (!o.finalStatusOnly) {
    for (const s of engine.snapshot())
      first.push({
        kind: 'status',
        t: start,
        payload: fullStatusPayload(machines.get(s.assetId)!, s),
      });
  }
  yield { day: 0, messages: first };
  for (let day = 1; day <= o.days; day++) {
    const messages: HistoryMessage[] = engine.advanceTo(start + day * DAY).map((e) => {
      if (e.kind === 'trade') return { kind: 'trade', t: e.t, trade: e.trade };
      if (e.kind === 'status')
        return {
          kind: 'status',
          t: e.t,
          payload: statusPayload(machines.get(e.status.assetId)!, e.status),
        };
      return {
        kind: 'refill',
        t: e.t,
        payload: refillPayload(machines.get(e.refill.assetId)!, e.refill),
      };
    });
    yield { day, messages };
  }
  const last = engine.snapshot().map((s): HistoryMessage => ({
    kind: 'status',
    t: end,
    payload: fullStatusPayload(machines.get(s.assetId)!, s),
  }));
  yield { day: o.days + 1, messages: last };
}

export function historyWindow(o: Pick<HistoryOptions, 'days' | 'end'>) {
  const end = Math.floor((o.end ?? Date.now() / 1000) / HOUR) * HOUR;
  return { start: end - o.days * DAY, end };
}
