import { route } from '@/lib/edge/request';
import { readJsonResponse } from '@/lib/reads';

export const GET = route<{ params: Promise<{ assetId: string }> }>(async (request, { params }) => {
  const { assetId } = await params;
  return readJsonResponse(
    'machineDetail',
    { assetId },
    request.signal,
    `machine ${JSON.stringify(assetId)}`,
  );
});
