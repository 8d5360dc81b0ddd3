import { getDb } from '@/db/client';
import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/request';
import { machineDetail } from '@/lib/fleet';

export const GET = route<{ params: Promise<{ assetId: string }> }>(async (_request, { params }) => {
  const { assetId } = await params;
  const machine = machineDetail(getDb(), assetId);
  if (!machine)
    throw new ApiError('NOT_FOUND', `machine ${JSON.stringify(assetId)} does not exist`);
  return Response.json(machine);
});
