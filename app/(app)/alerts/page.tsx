import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/lib/db';
import { listLines } from '@/db/queries/org';
import { requirePage } from '@/lib/auth/server';
import { authorize } from '@/lib/auth/rules';
import { alertListQuery } from '@/lib/alerts/schemas';
import { alertSearchParams, alertsQuery, ALERT_PAGE, parseAlertSearch } from '@/lib/alerts/queries';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { titled } from '@/lib/i18n/title';
import { AlertsClient } from './client';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('alerts');

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AlertsPage({ searchParams }: { searchParams: Search }) {
  const who = await requirePage('/alerts');
  const search = parseAlertSearch(await searchParams);
  const params = alertSearchParams(search);
  const client = makeQueryClient();
  const parsed = alertListQuery.safeParse({ ...params, limit: String(ALERT_PAGE) });
  if (parsed.success) {
    const { line, cursor: _c, ...q } = parsed.data;
    await client.prefetchInfiniteQuery({
      ...alertsQuery(params),
      queryFn: () => readValue('alerts', { ...q, lineId: line }),
    });
  }
  const lines = (await listLines(getDb())).map((l) => ({ value: String(l.id), label: l.name }));
  const canAct = authorize('POST', '/api/v1/alerts/1/ack', who).allow;
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <AlertsClient initial={search} lines={lines} canAct={canAct} />
    </HydrationBoundary>
  );
}
