import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/db/client';
import { requirePage } from '@/lib/auth/server';
import { runDetail, runList } from '@/lib/planning/runs';
import { runQuery, runsQuery } from '@/lib/planning-query';
import { makeQueryClient } from '@/lib/query-client';
import { PickListsClient } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('pickLists');

export default async function PickListsPage({
  searchParams,
}: {
  searchParams: Promise<{ run?: string | string[] }>;
}) {
  await requirePage('/pick-lists');
  const { run } = await searchParams;
  const db = getDb();
  const runs = runList(db);
  const asked = typeof run === 'string' && /^[1-9]\d{0,9}$/.test(run) ? Number(run) : null;
  // Without ?run= the newest run is shown.
  const runId = asked ?? runs.items[0]?.id ?? null;
  const client = makeQueryClient();
  await client.prefetchQuery({ ...runsQuery(), queryFn: () => runs });
  const detail = runId === null ? undefined : runDetail(db, runId);
  if (runId !== null && detail)
    await client.prefetchQuery({ ...runQuery(runId), queryFn: () => detail });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <PickListsClient runId={detail ? runId : null} missing={asked !== null && !detail} />
    </HydrationBoundary>
  );
}
