import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { positiveId } from '@/lib/edge/params';
import { alertQuery } from '@/lib/alerts/queries';
import { requirePage } from '@/lib/auth/server';
import { authorize } from '@/lib/auth/rules';
import { pageParam } from '@/lib/edge/url';
import { titledAs } from '@/lib/i18n/title';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { AlertClient } from './client';

export const dynamic = 'force-dynamic';
export const generateMetadata = titledAs<{ id: string }>(
  (t, p) => `${t('nav.alerts')} ${pageParam(p.id)}`,
);

/**
 * One alert: what, where, since when, its timeline and notifications, and the buttons. The
 * link a chat message carries: a signed-out reader signs in and comes back here (`next`).
 */
export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const raw = pageParam((await params).id);
  const who = await requirePage(`/alerts/${encodeURIComponent(raw)}`);
  const parsed = positiveId.safeParse(raw);
  const id = parsed.success ? parsed.data : 0;
  const alert = parsed.success ? await readValue('alert', { id }) : null;
  if (!alert) notFound();
  const client = makeQueryClient();
  client.setQueryData(alertQuery(id).queryKey, alert);
  const canAct = authorize('POST', `/api/v1/alerts/${id}/ack`, who).allow;
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <AlertClient id={id} canAct={canAct} />
    </HydrationBoundary>
  );
}
