import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { getDb } from '@/lib/db';
import { ApiError } from '@/lib/edge/errors';
import { requirePage } from '@/lib/auth/server';
import { runDetail, runList } from '@/lib/planning/runs';
import { pickSelectionParams, sheetFillParams } from '@/lib/planning/schemas';
import {
  pickSheetQuery,
  runQuery,
  runsQuery,
  type PickSelection,
  type SheetFill,
} from '@/lib/planning/queries';
import { makeQueryClient } from '@/lib/query-client';
import { readValue } from '@/lib/reads';
import { PickListsClient, type SelectionProblem } from './client';
import { titled } from '@/lib/i18n/title';

export const dynamic = 'force-dynamic';
export const generateMetadata = titled('pickLists');

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/** Why a selection cannot become a pick list, in words the page translates. */
function problemOf(e: unknown): SelectionProblem {
  const message = e instanceof ApiError ? e.message : '';
  if (/at most|hold \d+ machines/.test(message)) return 'tooMany';
  if (/no line/.test(message)) return 'unknownLine';
  if (/no machine/.test(message)) return 'unknownMachine';
  return 'badSelection';
}

/**
 * `?assetIds=A,B` or `?lineIds=1,2`: the pick sheet of that selection (from the overview's
 * alerts, the machine list, a line). Otherwise a run's: `?run=N`, or the newest.
 */
export default async function PickListsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePage('/pick-lists');
  const search = await searchParams;
  const db = getDb();
  const runs = await runList(db);
  const client = makeQueryClient();
  await client.prefetchQuery({ ...runsQuery(), queryFn: () => runs });

  const assetIds = one(search.assetIds);
  const lineIds = one(search.lineIds);
  if (assetIds !== undefined || lineIds !== undefined) {
    const parsed = pickSelectionParams.safeParse({ assetIds, lineIds });
    // A fill the API would refuse (a stale link) opens the sheet filled to capacity.
    const filled = sheetFillParams.safeParse({
      fill: one(search.fill),
      parDays: one(search.parDays),
      visitAt: one(search.visitAt),
    });
    let fill: SheetFill = filled.success
      ? filled.data
      : { fill: 'capacity', parDays: 1, visitAt: null };
    let selection: PickSelection | null = null;
    let problem: SelectionProblem | null = null;
    if (!parsed.success)
      problem = /at most/.test(parsed.error.message) ? 'tooMany' : 'badSelection';
    else
      try {
        const sheet = await readValue('pickSheet', { ...parsed.data, fill }).catch((e) => {
          if (!(e instanceof ApiError && /visitAt/.test(e.message))) throw e;
          fill = { ...fill, visitAt: null };
          return readValue('pickSheet', { ...parsed.data, fill });
        });
        selection = parsed.data;
        await client.prefetchQuery({ ...pickSheetQuery(selection, fill), queryFn: () => sheet });
      } catch (e) {
        problem = problemOf(e);
      }
    return (
      <HydrationBoundary state={dehydrate(client)}>
        <PickListsClient
          runId={null}
          missing={false}
          selection={selection}
          fill={fill}
          problem={problem}
        />
      </HydrationBoundary>
    );
  }

  const run = one(search.run);
  const asked = run !== undefined && /^[1-9]\d{0,9}$/.test(run) ? Number(run) : null;
  // Without ?run= the newest run is shown.
  const runId = asked ?? runs.items[0]?.id ?? null;
  const detail = runId === null ? undefined : await runDetail(db, runId);
  if (runId !== null && detail)
    await client.prefetchQuery({ ...runQuery(runId), queryFn: () => detail });
  return (
    <HydrationBoundary state={dehydrate(client)}>
      <PickListsClient
        runId={detail ? runId : null}
        missing={asked !== null && !detail}
        selection={null}
        fill={null}
        problem={null}
      />
    </HydrationBoundary>
  );
}
