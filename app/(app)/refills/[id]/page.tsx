import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { requirePage } from '@/lib/auth/server';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { visitQuery } from '@/lib/refills-query';
import { VisitClient } from './client';

export const dynamic = 'force-dynamic';

export default async function RefillVisitPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  await requirePage(`/refills/${raw}`);
  const id = Number(raw);
  const visit = Number.isSafeInteger(id) && id > 0 ? await readValue('visit', { id }) : undefined;
  if (!visit) notFound();
  const client = makeQueryClient();
  client.setQueryData(visitQuery(id).queryKey, visit);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <VisitClient id={id} />
    </HydrationBoundary>
  );
}
