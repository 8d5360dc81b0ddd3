import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { SyncRunView } from './views';
import type { ComparisonRow } from './compare';
import type { PlatformProblem } from '@/lib/platforms/smartvending/errors';

export type { SyncRunView, ComparisonRow };

export interface CheckView {
  id: number;
  runId: number;
  startTime: number;
  endTime: number;
  day: string | null;
  machines: number;
  disagreeing: number;
  checkedAt: number;
  diffs: { assetId: string; amountDiff: number; countDiff: number }[];
}

export interface ReconcileView {
  assetId: string;
  startTime: number;
  endTime: number;
  platformAnswered: boolean;
  platformError?: string;
  /** The same as data, shown in the reader's language (D72). */
  platformProblem?: PlatformProblem;
  rows: ComparisonRow[];
  differs: boolean;
  countDiff: number;
  amountDiff: number;
}

const isOpen = (r: SyncRunView) => r.state === 'queued' || r.state === 'running';

/** The runs, polled every second while one is waiting or under way (the progress bars). */
export const syncRunsQuery = () =>
  queryOptions({
    queryKey: ['sync-runs'],
    queryFn: () => fetchJson<{ items: SyncRunView[]; nextBefore: number | null }>('/api/v1/sync'),
    refetchInterval: (q) => (q.state.data?.items.some(isOpen) ? 1000 : 15_000),
  });

export const checksQuery = () =>
  queryOptions({
    queryKey: ['reconcile-checks'],
    queryFn: () => fetchJson<{ items: CheckView[] }>('/api/v1/reconcile/checks'),
    refetchInterval: 60_000,
  });

export const reconcileQuery = (q: { assetId: string; startTime: number; endTime: number }) =>
  queryOptions({
    queryKey: ['reconcile', q],
    queryFn: () =>
      fetchJson<ReconcileView>(
        `/api/v1/reconcile?${new URLSearchParams({
          assetId: q.assetId,
          startTime: String(q.startTime),
          endTime: String(q.endTime),
        })}`,
      ),
    staleTime: 0,
  });
