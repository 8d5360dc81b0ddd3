import type { SyncError, SyncParams, SyncRunRow } from '@/db/queries/sync';

/** A run as the API and the page show it. */
export function syncRunView(r: SyncRunRow) {
  const params = JSON.parse(r.params) as SyncParams;
  return {
    runId: r.id,
    job: r.job,
    state: r.state,
    trigger: r.trigger,
    requestedBy: r.requestedBy,
    params,
    total: r.total,
    done: r.done,
    imported: r.imported,
    updated: r.updated,
    errors: JSON.parse(r.errors) as SyncError[],
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    durationS:
      r.startedAt === null ? null : (r.finishedAt ?? Math.floor(Date.now() / 1000)) - r.startedAt,
  };
}
export type SyncRunView = Awaited<ReturnType<typeof syncRunView>>;
