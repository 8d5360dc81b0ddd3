import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { InboxRow } from '@/db/queries/inbox';
import { fetchJson } from '@/lib/edge/fetch-json';

export type InboxItem = Omit<InboxRow, 'body' | 'reply'>;
export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  counts: Record<string, number>;
}
export interface InboxFilter {
  status?: string;
  kind?: string;
}

export function inboxQuery(f: InboxFilter) {
  return infiniteQueryOptions({
    queryKey: ['inbox', f],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '100' });
      if (f.status) params.set('status', f.status);
      if (f.kind) params.set('kind', f.kind);
      if (pageParam) params.set('cursor', pageParam);
      return fetchJson<InboxPage>(`/api/v1/inbox?${params}`);
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
}

export const inboxMessageQuery = (id: number) =>
  queryOptions({
    queryKey: ['inbox-message', id],
    queryFn: () => fetchJson<InboxRow>(`/api/v1/inbox/${id}`),
  });
