/**
 * The database's own words for a statement it refused ("disk says no", "duplicate key value
 * violates…"), not the wrapper Drizzle's asynchronous drivers throw around them ("Failed query:
 * <the SQL> params: <the values>", D113): what the app keeps on a row or shows a person. Any
 * other error is its message.
 */
export function errorText(e: unknown): string {
  if (e instanceof Error && e.cause instanceof Error && e.message.startsWith('Failed query: '))
    return errorText(e.cause);
  return e instanceof Error ? e.message : String(e);
}
