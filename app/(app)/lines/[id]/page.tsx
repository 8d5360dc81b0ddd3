import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { requirePage } from '@/lib/auth/server';
import { authorize } from '@/lib/auth/rules';
import { pageParam } from '@/lib/edge/url';
import { lineQuery } from '@/lib/planning/queries';
import { makeQueryClient } from '@/lib/query-client';
import { getDb } from '@/lib/db';
import { getMapTiles } from '@/lib/settings/map-tiles';
import { readValue } from '@/lib/reads';
import { LineClient } from './client';
import { titledAs } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titledAs<{ id: string }>(
  (t, p) => `${t('nav.lines')} ${pageParam(p.id)}`,
);

export default async function LinePage({ params }: { params: Promise<{ id: string }> }) {
  const id = pageParam((await params).id);
  const me = await requirePage(`/lines/${encodeURIComponent(id)}`);
  const lineId = /^[1-9]\d{0,9}$/.test(id) ? Number(id) : null;
  const detail = lineId === null ? undefined : await readValue('lineDetail', { id: lineId });
  if (!detail || lineId === null) notFound();
  // Building a run is for the roles the runs API lets write; others read the ranking.
  const canPlan = authorize('POST', '/api/v1/runs', me).allow;
  const client = makeQueryClient();
  await client.prefetchQuery({ ...lineQuery(lineId), queryFn: () => detail });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <LineClient id={lineId} canPlan={canPlan} tiles={await getMapTiles(getDb())} />
    </HydrationBoundary>
  );
}
