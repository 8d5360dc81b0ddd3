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

/**
 * A unique index refused the write (PostgreSQL 23505, SQLite's UNIQUE or PRIMARY KEY
 * constraint), however Drizzle wrapped it: on PostgreSQL two transactions can both find no row
 * and both insert it, and the second learns only here (D118).
 */
export function isUniqueViolation(e: unknown): boolean {
  for (let c = e, depth = 0; c && typeof c === 'object' && depth < 5; depth++) {
    const code = (c as { code?: unknown }).code;
    if (
      code === '23505' ||
      code === 'SQLITE_CONSTRAINT_UNIQUE' ||
      code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
    )
      return true;
    c = (c as { cause?: unknown }).cause;
  }
  return false;
}
