import { getDb } from '@/lib/db';
import { cabinetGoodsOf, getCabinet, listCabinets } from '@/db/queries/cabinets';
import { machineExists } from '@/db/queries/pickup';
import { ApiError } from '@/lib/edge/errors';
import { parseBody, route } from '@/lib/edge/request';
import { audit } from '@/lib/admin/audit';
import { upstreamError } from '@/lib/cabinets/operator';
import { registerCabinetSchema } from '@/lib/cabinets/schemas';
import { syncCabinet } from '@/lib/cabinets/sync';
import { cabinetView } from '@/lib/cabinets/views';
import { mapSeries } from '@/lib/ops/series';

export const GET = route(async () => {
  const db = getDb();
  const items = await mapSeries(await listCabinets(db), async (c) =>
    cabinetView(c, await cabinetGoodsOf(db, c.machineId)),
  );
  return Response.json({ items });
});

/** Adds a cabinet by its SAAS machine id: fetched at once (§2–§4), then polled. */
export const POST = route(async (request, _ctx, caller) => {
  const { machineId } = await parseBody(request, registerCabinetSchema);
  const db = getDb();
  if (!(await getCabinet(db, machineId)) && (await machineExists(db, machineId)))
    throw new ApiError('CONFLICT', `${machineId} is already a Smart Vending machine`);
  const existed = !!(await getCabinet(db, machineId));
  try {
    await syncCabinet(db, machineId, async () => {
      if (!existed)
        await audit(db, caller, {
          action: 'cabinet.register',
          targetKind: 'cabinet',
          targetId: machineId,
        });
    });
  } catch (e) {
    upstreamError(e);
  }
  const view = cabinetView((await getCabinet(db, machineId))!, await cabinetGoodsOf(db, machineId));
  return Response.json(view, { status: existed ? 200 : 201 });
});
