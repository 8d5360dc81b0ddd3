import { dehydrate, HydrationBoundary, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { makeQueryClient } from '@/lib/query-client';

/** Server prefetch for an admin page: fills the query cache the client component reads. */
export async function Prefetched({
  fill,
  children,
}: {
  fill: (client: QueryClient) => Promise<void>;
  children: ReactNode;
}) {
  const client = makeQueryClient();
  await fill(client);
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
