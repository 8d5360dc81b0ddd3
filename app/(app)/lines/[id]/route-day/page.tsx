import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { notFound } from 'next/navigation';
import { requirePage } from '@/lib/auth/server';
import { pageParam } from '@/lib/edge/url';
import { routeDayParams } from '@/lib/planning/schemas';
import { routeDayQuery } from '@/lib/planning/queries';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { titledAs } from '@/lib/i18n/title';
import { RouteDayClient } from './client';

export const dynamic = 'force-dynamic';
export const generateMetadata = titledAs<{ id: string }>(
  (t, p) => `${t('planning.routeDay.heading')} ${pageParam(p.id)}`,
);

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/**
 * A line's route day (D95): `?date=YYYY-MM-DD&stops=N&intervalDays=N`, each optional; a value
 * the API would refuse falls back to its default here (the page always opens).
 */
export default async function RouteDayPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const id = pageParam((await params).id);
  await requirePage(`/lines/${encodeURIComponent(id)}/route-day`);
  const lineId = /^[1-9]\d{0,9}$/.test(id) ? Number(id) : null;
  if (lineId === null) notFound();
  const search = await searchParams;
  const asked = routeDayParams.safeParse({
    date: one(search.date),
    stops: one(search.stops),
    intervalDays: one(search.intervalDays),
  });
  const query = asked.success ? asked.data : { intervalDays: 1 };
  const answer = await readValue('routeDay', { id: lineId, ...query }).catch(() =>
    readValue('routeDay', { id: lineId, intervalDays: 1 }),
  );
  if (!answer) notFound();
  const choice = { date: answer.date, stops: answer.stops, intervalDays: answer.intervalDays };
  const client = makeQueryClient();
  await client.prefetchQuery({ ...routeDayQuery(lineId, choice), queryFn: () => answer });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <RouteDayClient id={lineId} initial={choice} />
    </HydrationBoundary>
  );
}
