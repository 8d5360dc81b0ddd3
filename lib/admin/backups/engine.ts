import 'server-only';
import { ApiError } from '@/lib/edge/errors';
import { databaseEngine, type AppConfig } from '@/lib/config';

/**
 * The app's snapshots copy a SQLite file (online backup API, checked, thinned, uploaded: D91).
 * On PostgreSQL there is no file to copy: backups are PostgreSQL's own (pg_dump, base backups
 * and WAL archiving, or the provider's), and the app neither takes nor restores them (D111).
 */
export const BACKUPS_ON_POSTGRES =
  'the database is PostgreSQL: backups are taken by PostgreSQL itself (pg_dump, base backups and WAL archiving, or your provider), not by this app';

export function backupsByApp(config: Pick<AppConfig, 'DATABASE_URL'>): boolean {
  return databaseEngine(config) === 'sqlite';
}

/** Throws the API's refusal when the app takes no backups on this engine. */
export function assertBackupsByApp(config: Pick<AppConfig, 'DATABASE_URL'>): void {
  if (!backupsByApp(config)) throw new ApiError('BACKUPS_BY_ENGINE', BACKUPS_ON_POSTGRES);
}
