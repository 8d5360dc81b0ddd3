/**
 * Work to stop when the server shuts down (D90): background workers join with one call,
 *
 *   onShutdown('report-scheduler', () => stopReports());
 *
 * and the server awaits every hook (with its deadline, SHUTDOWN_TIMEOUT_S) after it stopped
 * accepting requests and before the final WAL checkpoint. A hook may return a promise; one that
 * throws is logged and does not keep the others from running. Kept on globalThis: server.ts
 * and Next's bundle load separate copies of lib/.
 */
export type ShutdownHook = () => unknown;

const KEY = Symbol.for('vending.ops.shutdown');
type Holder = { [KEY]?: Map<string, ShutdownHook> };

function hooks(): Map<string, ShutdownHook> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Map());
}

/** Registers (or replaces) the hook `name`; returns a function that removes it. */
export function onShutdown(name: string, fn: ShutdownHook): () => void {
  hooks().set(name, fn);
  return () => {
    if (hooks().get(name) === fn) hooks().delete(name);
  };
}

/** Runs every hook at once; resolves with the names of those that failed. */
export async function runShutdownHooks(log: (name: string, e: unknown) => void): Promise<string[]> {
  const entries = [...hooks().entries()];
  hooks().clear();
  const failed: string[] = [];
  await Promise.all(
    entries.map(async ([name, fn]) => {
      try {
        await fn();
      } catch (e) {
        failed.push(name);
        log(name, e);
      }
    }),
  );
  return failed;
}
