/**
 * The machines whose messages this process projected since the evaluator's last tick, and
 * whether someone asked for a full look (thresholds saved). Kept on globalThis: the server's
 * own modules (the push fast path) and Next.js's bundle (route handlers) are separate copies.
 * Noting a machine is a Set insertion: the push's transaction does no alert work (D85).
 */
const KEY = Symbol.for('vending.alerts.changed');

interface Changed {
  /** An evaluator runs in this process; without one nothing is kept (scripts, ALERTS=off). */
  active: boolean;
  machines: Set<string>;
  scanRequested: boolean;
}

function state(): Changed {
  const holder = globalThis as { [KEY]?: Changed };
  return (holder[KEY] ??= { active: false, machines: new Set(), scanRequested: false });
}

export function noteMachineChanged(assetId: string) {
  const s = state();
  if (s.active) s.machines.add(assetId);
}

export function setEvaluatorActive(active: boolean) {
  const s = state();
  s.active = active;
  if (!active) s.machines.clear();
}

/** Asks the evaluator for a look at everything at its next tick (it scans if it holds the lease). */
export function requestAlertScan() {
  state().scanRequested = true;
}

/** The machines noted since the last call, and whether a full look was asked for; clears both. */
export function takeChanged(): { machines: string[]; scan: boolean } {
  const s = state();
  const out = { machines: [...s.machines], scan: s.scanRequested };
  s.machines.clear();
  s.scanRequested = false;
  return out;
}
