import 'server-only';
import { AsyncResource } from 'node:async_hooks';
import { afterCommit } from '@/db/engine/handle';

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
  // Bound to where the worker was started: a wake runs outside the transaction that queued the
  // message. Carried over, its async context would send the worker's queries into that
  // transaction (on PostgreSQL its connection, given back to the pool once it commits, D113).
  state.wake = fn && AsyncResource.bind(fn);
}

export function nudgeWorker() {
  if (!state.wake) return;
  // Once the transaction has committed (never if it rolls back): on PostgreSQL the worker reads
  // on another connection, which sees the message only then.
  afterCommit(() => {
    if (state.scheduled) return;
    state.scheduled = true;
    setImmediate(() => {
      state.scheduled = false;
      state.wake?.();
    });
  });
}
