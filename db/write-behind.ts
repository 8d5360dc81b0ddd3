/**
 * Nested scopes of writes kept in memory (the sales rollups' sums, machines' last-seen times):
 * a scope is opened around a transaction or one of its savepoints. When a nested scope returns,
 * what it kept joins its parent's; when it throws, it is dropped, as the savepoint's writes are.
 * When the outermost scope returns, what it kept is written.
 */
import { around } from './around';

export interface WriteBehind<F> {
  /** The innermost open scope's frame, or undefined outside every scope. */
  top: () => F | undefined;
  /** The open scopes' frames, outermost first. */
  frames: readonly F[];
  /** Runs `fn` in a new scope. */
  scope: <T>(fn: () => T) => T;
}

export function writeBehind<F>(
  open: () => F,
  join: (child: F, parent: F) => void,
  write: (frame: F) => void,
): WriteBehind<F> {
  const frames: F[] = [];
  return {
    top: () => frames[frames.length - 1],
    frames,
    scope: (fn) => {
      const frame = open();
      frames.push(frame);
      return around(
        fn,
        () => {
          frames.pop();
          const parent = frames[frames.length - 1];
          if (parent) join(frame, parent);
          else write(frame);
        },
        () => frames.pop(),
      );
    },
  };
}
