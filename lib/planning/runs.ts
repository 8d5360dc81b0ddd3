import 'server-only';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { lineRows } from '@/db/queries/planning';
import { getRun, insertRun, listRuns } from '@/db/queries/runs';
import type { Caller } from '@/lib/edge/caller';
import { audit } from '@/lib/admin/audit';
import { namedPickList, unknownMachines } from './pick';
import { sheetFor } from './pick-sheet';

export type RunInput = { assetIds: string[]; lineId?: number };
export type RunOutcome = { ok: true; id: number } | { ok: false; field: string; message: string };

/** Checks a run's machines and line, stores it and audits it in one transaction. */
export async function createRun(
  db: Db,
  caller: Caller,
  input: RunInput,
  now: number,
): Promise<RunOutcome> {
  const p = caller.principal;
  if (!p) return { ok: false, field: 'caller', message: 'sign in to build a run' };
  return await inTransaction(db, async (): Promise<RunOutcome> => {
    const unknown = await unknownMachines(db, input.assetIds);
    if (unknown.length) {
      const i = input.assetIds.indexOf(unknown[0]!);
      return {
        ok: false,
        field: `assetIds.${i}`,
        message: `no machine ${JSON.stringify(unknown[0])}`,
      };
    }
    if (input.lineId !== undefined && !(await lineRows(db, input.lineId)).length)
      return { ok: false, field: 'lineId', message: `no line ${input.lineId}` };
    const id = await insertRun(db, {
      lineId: input.lineId ?? null,
      createdAt: now,
      createdByKind: p.kind,
      createdById: p.id,
      createdBy: p.label,
      assetIds: input.assetIds,
    });
    await audit(
      db,
      caller,
      { action: 'run.create', targetKind: 'refill_run', targetId: id, after: input },
      now,
    );
    return { ok: true, id };
  });
}

export async function runList(db: Db, limit = 50) {
  return { items: await listRuns(db, { limit }) };
}

/** A run with each machine's served time (null until a settlement after the run arrives). */
export async function runDetail(db: Db, id: number) {
  const run = await getRun(db, id);
  if (!run) return undefined;
  const assetIds = run.machines.map((m) => m.assetId);
  // pickList and goodsNames as integrators have read them since D31; the page reads the sheet.
  return { ...run, ...(await namedPickList(db, assetIds)), sheet: await sheetFor(db, assetIds) };
}

export type RunList = Awaited<ReturnType<typeof runList>>;
export type RunDetail = NonNullable<Awaited<ReturnType<typeof runDetail>>>;
