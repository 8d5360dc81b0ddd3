import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { deliveryLog } from './log';
import type { ruleView } from './rules';

/** The pages' query options for Settings → Notifications (rules and the delivery log). */
export type RuleView = Awaited<ReturnType<typeof ruleView>>;
export interface RulesPage {
  items: RuleView[];
  channels: { id: number; name: string; kind: string }[];
  lines: { id: number; name: string }[];
  areas: { id: number; name: string }[];
}
export type DeliveryView = Awaited<ReturnType<typeof deliveryLog>>['items'][number];

export const rulesQuery = () =>
  queryOptions({
    queryKey: ['notification-rules'],
    queryFn: () => fetchJson<RulesPage>('/api/v1/notification-rules'),
  });

export const DELIVERIES_PAGE = 25;

export const deliveriesQuery = (state: string | undefined) =>
  infiniteQueryOptions({
    queryKey: ['notification-deliveries', state ?? ''],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: String(DELIVERIES_PAGE) });
      if (state) params.set('state', state);
      if (pageParam) params.set('cursor', pageParam);
      return fetchJson<{ items: DeliveryView[]; nextCursor: string | null }>(
        `/api/v1/notification-deliveries?${params}`,
      );
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
