import 'server-only';
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/**
 * drizzle-kit's migrations applied as drizzle's migrator applies them (the same journal table,
 * rows and order), except that what is already applied is read inside the BEGIN IMMEDIATE that
 * applies the rest. drizzle reads it before its BEGIN, so two app processes started together on
 * a new or older database could both apply a migration; here the second waits for the first's
 * commit, then finds nothing left to do (D101).
 */
export function migrateSqlite(sqlite: Database.Database, migrationsFolder: string) {
  const migrations = readMigrationFiles({ migrationsFolder });
  sqlite.exec(`CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (
    id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
  const last = sqlite
    .prepare('SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1')
    .pluck();
  const record = sqlite.prepare(
    'INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)',
  );
  sqlite
    .transaction(() => {
      const applied = last.get() as number | string | undefined;
      for (const m of migrations) {
        if (applied !== undefined && Number(applied) >= m.folderMillis) continue;
        for (const statement of m.sql) sqlite.exec(statement);
        record.run(m.hash, m.folderMillis);
      }
    })
    .immediate();
}
