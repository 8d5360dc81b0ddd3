import { getDb } from '@/lib/db';
import { cabinetGoodsOf, getCabinet } from '@/db/queries/cabinets';
import { ApiError } from '@/lib/edge/errors';
import { route } from '@/lib/edge/request';
import { cabinetView } from '@/lib/cabinets/views';

export const GET = route<{ params: Promise<{ machineId: string }> }>(async (_r, { params }) => {
  const { machineId } = await params;
  const db = getDb();
  const c = await getCabinet(db, machineId);
  if (!c) throw new ApiError('NOT_FOUND', `cabinet ${JSON.stringify(machineId)} does not exist`);
  return Response.json(cabinetView(c, await cabinetGoodsOf(db, machineId)));
});
