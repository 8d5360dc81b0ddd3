/**
 * Runs `fn` and then `ok` (it returned) or `failed` (it threw), after its promise settles when
 * it returns one: the scopes that wrap a transaction's body (the write-behind buffers) end when
 * the body does, whether it is synchronous or awaits its queries (D103).
 */
export function around<T>(fn: () => T, ok: () => void, failed: () => void): T {
  let result: T;
  try {
    result = fn();
  } catch (e) {
    failed();
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        ok();
        return value;
      },
      (e: unknown) => {
        failed();
        throw e;
      },
    ) as T;
  }
  ok();
  return result;
}
