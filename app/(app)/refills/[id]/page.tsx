import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { positiveId } from '@/lib/edge/params';
import { pageParam } from '@/lib/edge/url';
import { requirePage } from '@/lib/auth/server';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { visitQuery } from '@/lib/refills/queries';
import { VisitClient } from './client';
import { titledAs } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titledAs<{ id: string }>(
  (t, p) => `${t('nav.refills')} ${pageParam(p.id)}`,
);

export default async function RefillVisitPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = pageParam((await params).id);
  await requirePage(`/refills/${encodeURIComponent(raw)}`);
  // The id as the API reads it (positiveId), so the page opens whatever the API does.
  const parsed = positiveId.safeParse(raw);
  const id = parsed.success ? parsed.data : 0;
  const visit = parsed.success ? await readValue('visit', { id }) : undefined;
  if (!visit) notFound();
  const client = makeQueryClient();
  client.setQueryData(visitQuery(id).queryKey, visit);
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <VisitClient id={id} />
    </HydrationBoundary>
  );
}
