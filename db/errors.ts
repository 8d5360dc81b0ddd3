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

/** Whether the error, or one it wraps (Drizzle's, up to five deep), has one of these codes. */
function hasCode(e: unknown, codes: ReadonlySet<string>): boolean {
  for (let c = e, depth = 0; c && typeof c === 'object' && depth < 5; depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && codes.has(code)) return true;
    c = (c as { cause?: unknown }).cause;
  }
  return false;
}

const UNIQUE = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/**
 * A unique index refused the write (PostgreSQL 23505, SQLite's UNIQUE or PRIMARY KEY
 * constraint), however Drizzle wrapped it: on PostgreSQL two transactions can both find no row
 * and both insert it, and the second learns only here (D118).
 */
export const isUniqueViolation = (e: unknown): boolean => hasCode(e, UNIQUE);

const CANCELLED = new Set(['57014']);

/**
 * PostgreSQL cancelled the statement (57014): it ran past `statement_timeout`
 * (DATABASE_STATEMENT_TIMEOUT_S), or an operator cancelled it.
 */
export const isStatementCancelled = (e: unknown): boolean => hasCode(e, CANCELLED);
