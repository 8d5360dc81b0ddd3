/**
 * Wakes this process's delivery worker right after the current transaction, so a message
 * queued here need not wait for the next poll. Kept on globalThis: route handlers run in
 * Next's bundle, a copy of this module apart from the server's, and must reach the same worker.
 */
const KEY = Symbol.for('vending.notifications.wake');
type Holder = { [KEY]?: { wake?: () => void; scheduled: boolean } };
const holder = globalThis as Holder;
const state = (holder[KEY] ??= { scheduled: false });

export function onNudge(fn: (() => void) | undefined) {
  state.wake = fn;
}

export function nudgeWorker() {
  if (!state.wake || state.scheduled) return;
  state.scheduled = true;
  // setImmediate runs after the caller's synchronous transaction has committed (or rolled back).
  setImmediate(() => {
    state.scheduled = false;
    state.wake?.();
  });
}
