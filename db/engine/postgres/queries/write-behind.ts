import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * PostgreSQL's form of db/write-behind.ts, for asynchronous units of work. SQLite's keeps one
 * stack of scopes per process, right while its transactions are synchronous and so one at a
 * time; on a pool, units of work interleave at every await, so each unit's stack lives in its own
 * async context (AsyncLocalStorage) and one unit's scopes never see another's. The rest is the
 * same: a nested scope (a savepoint's) joins its parent when it returns and is dropped when it
 * throws; the outermost scope's frame is written, awaited, before it returns (so inside the
 * caller's transaction when the scope is opened inside it).
 */
export interface AsyncWriteBehind<F, C> {
  /** The innermost open scope's frame in this async context, or undefined outside every scope. */
  top: () => F | undefined;
  /** This async context's open frames, outermost first. */
  frames: () => readonly F[];
  /** Runs `fn` in a new scope, opened with `ctx` (what its write needs: the transaction). */
  scope: <T>(ctx: C, fn: () => Promise<T>) => Promise<T>;
}

export function asyncWriteBehind<F, C>(
  open: (ctx: C) => F,
  join: (child: F, parent: F) => void,
  write: (frame: F) => Promise<void>,
): AsyncWriteBehind<F, C> {
  const stack = new AsyncLocalStorage<readonly F[]>();
  const frames = () => stack.getStore() ?? [];
  return {
    top: () => frames().at(-1),
    frames,
    scope: async (ctx, fn) => {
      const outer = frames();
      const frame = open(ctx);
      const result = await stack.run([...outer, frame], fn);
      const parent = outer.at(-1);
      if (parent) join(frame, parent);
      else await write(frame);
      return result;
    },
  };
}
