import 'server-only';
import { afterCommit } from '@/db/engine/handle';
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
  /** When each machine was last noted (ms), for noteMachineSeen's throttle. */
  notedAt: Map<string, number>;
  /** When this process last looked at the whole fleet (ms): every machine was looked at then. */
  fullLookAt: number;
}

function state(): Changed {
  const holder = globalThis as { [KEY]?: Changed };
  return (holder[KEY] ??= {
    active: false,
    machines: new Set(),
    scanRequested: false,
    notedAt: new Map(),
    fullLookAt: 0,
  });
}

/**
 * A message changed what the machine's alerts are about (a transition, a reading, a fault).
 * Noted once the transaction projecting it commits: on PostgreSQL the evaluator's next tick
 * reads on another connection, and noted earlier it would look at the machine as it was before
 * the message, and not again (D113).
 */
export function noteMachineChanged(assetId: string) {
  if (!state().active) return;
  afterCommit(() => {
    const s = state();
    if (!s.active) return;
    s.machines.add(assetId);
    if (s.notedAt.size > 200_000) s.notedAt.clear();
    s.notedAt.set(assetId, Date.now());
  });
}

/**
 * How often a machine is looked at for messages that change nothing alerts watch (a trade, a
 * status repeating the state): its stock figures and its silence. A machine silent for an alert's
 * hours is looked at on its first message back, since it was not noted for that long.
 */
export const SEEN_EVERY_MS = 30_000;

/** A message came from the machine: looked at if it was not noted in the last SEEN_EVERY_MS. */
export function noteMachineSeen(assetId: string) {
  const s = state();
  if (!s.active) return;
  const now = Date.now();
  if (now - s.fullLookAt < SEEN_EVERY_MS) return;
  const last = s.notedAt.get(assetId);
  if (last !== undefined && now - last < SEEN_EVERY_MS) return;
  noteMachineChanged(assetId);
}

/** The evaluator looked at everything: a message that changes nothing needs no look for a while. */
export function noteFullLook() {
  state().fullLookAt = Date.now();
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
