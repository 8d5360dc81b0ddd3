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

export const GET = route(() => {
  const db = getDb();
  const items = listCabinets(db).map((c) => cabinetView(c, cabinetGoodsOf(db, c.machineId)));
  return Response.json({ items });
});

/** Adds a cabinet by its SAAS machine id: fetched at once (§2–§4), then polled. */
export const POST = route(async (request, _ctx, caller) => {
  const { machineId } = await parseBody(request, registerCabinetSchema);
  const db = getDb();
  if (!getCabinet(db, machineId) && machineExists(db, machineId))
    throw new ApiError('CONFLICT', `${machineId} is already a Smart Vending machine`);
  const existed = !!getCabinet(db, machineId);
  try {
    await syncCabinet(db, machineId, () => {
      if (!existed)
        audit(db, caller, {
          action: 'cabinet.register',
          targetKind: 'cabinet',
          targetId: machineId,
        });
    });
  } catch (e) {
    upstreamError(e);
  }
  const view = cabinetView(getCabinet(db, machineId)!, cabinetGoodsOf(db, machineId));
  return Response.json(view, { status: existed ? 200 : 201 });
});
