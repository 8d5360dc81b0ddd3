/**
 * The registry of the process's background workers for /readyz (D90). A worker registers once
 * with the longest gap it expects between two beats and calls `beat()` each time it ticks; a
 * worker whose last beat is older than that is reported stuck and the process not ready.
 *
 *   const live = registerWorker('alert-evaluator', 3 * TICK_MS);   // at start
 *   live.beat();                                                   // every tick
 *   live.stop();                                                   // on shutdown (drops it)
 *
 * Kept on globalThis: server.ts and Next's bundle load separate copies of lib/.
 */
export interface WorkerBeat {
  beat: () => void;
  stop: () => void;
}

export interface WorkerState {
  name: string;
  /** The longest expected gap between beats, milliseconds. */
  withinMs: number;
  lastBeat: number;
}

const KEY = Symbol.for('vending.ops.workers');
type Holder = { [KEY]?: Map<string, WorkerState> };

function registry(): Map<string, WorkerState> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Map());
}

export function registerWorker(name: string, withinMs: number): WorkerBeat {
  const state: WorkerState = { name, withinMs, lastBeat: Date.now() };
  registry().set(name, state);
  return {
    beat: () => {
      state.lastBeat = Date.now();
    },
    stop: () => {
      if (registry().get(name) === state) registry().delete(name);
    },
  };
}

export interface WorkerCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** Each registered worker: alive when its last beat is within its expected gap. */
export function checkWorkers(now = Date.now()): WorkerCheck[] {
  return [...registry().values()].map((w) => {
    const ago = now - w.lastBeat;
    const ok = ago <= w.withinMs;
    const s = (ms: number) => `${Math.round(ms / 1000)} s`;
    return {
      name: `worker:${w.name}`,
      ok,
      detail: ok
        ? `last beat ${s(ago)} ago`
        : `no beat for ${s(ago)} (expected within ${s(w.withinMs)})`,
    };
  });
}
