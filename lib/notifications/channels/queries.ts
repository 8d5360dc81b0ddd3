import { queryOptions } from '@tanstack/react-query';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { ChannelView } from './manage';

export interface ChannelsAnswer {
  items: ChannelView[];
  encryptionReady: boolean;
}

/** Settings → Notifications' channel list (GET /api/v1/notification-channels). */
export const channelsQuery = () =>
  queryOptions({
    queryKey: ['notification-channels'],
    queryFn: () => fetchJson<ChannelsAnswer>('/api/v1/notification-channels'),
  });

/** A test message's outcome as POST …/{id}/test answers it. */
export interface TestAnswer {
  ok: boolean;
  status: number | null;
  answer: string;
}
