import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { positiveId } from '@/lib/api/params';
import { requirePage } from '@/lib/auth/server';
import { pageParam } from '@/lib/edge/url';
import { makeQueryClient } from '@/lib/query-client';
import { visitQuery } from '@/lib/refills-query';
import { visitDetail } from '@/lib/refills/visits';
import { VisitClient } from './client';

export const dynamic = 'force-dynamic';

export default async function RefillVisitPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = pageParam((await params).id);
  await requirePage(`/refills/${encodeURIComponent(raw)}`);
  // The id as the API reads it (positiveId), so the page opens whatever the API does.
  const parsed = positiveId.safeParse(raw);
  const id = parsed.success ? parsed.data : 0;
  const visit = parsed.success ? visitDetail(getDb(), id) : undefined;
  if (!visit) notFound();
  const client = makeQueryClient();
  client.setQueryData(visitQuery(id).queryKey, visit);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <VisitClient id={id} />
    </HydrationBoundary>
  );
}
