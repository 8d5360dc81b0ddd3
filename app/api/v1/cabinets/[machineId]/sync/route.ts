import { getDb } from '@/lib/db';
import { cabinetGoodsOf, getCabinet } from '@/db/queries/cabinets';
import { ApiError } from '@/lib/edge/errors';
import { route } from '@/lib/edge/request';
import { upstreamError } from '@/lib/cabinets/operator';
import { syncCabinet } from '@/lib/cabinets/sync';
import { cabinetView } from '@/lib/cabinets/views';

/** Polls one cabinet now instead of waiting for the schedule. */
export const POST = route<{ params: Promise<{ machineId: string }> }>(async (_r, { params }) => {
  const { machineId } = await params;
  const db = getDb();
  if (!(await getCabinet(db, machineId)))
    throw new ApiError('NOT_FOUND', `cabinet ${JSON.stringify(machineId)} does not exist`);
  try {
    await syncCabinet(db, machineId);
  } catch (e) {
    upstreamError(e);
  }
  return Response.json(
    cabinetView((await getCabinet(db, machineId))!, await cabinetGoodsOf(db, machineId)),
  );
});
