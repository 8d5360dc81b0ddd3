import { getDb } from '@/lib/db';
import { ApiError } from '@/lib/edge/errors';
import { route } from '@/lib/edge/request';
import { cabinetOrderById } from '@/lib/cabinets/read';

export const GET = route<{ params: Promise<{ orderId: string }> }>(async (_r, { params }) => {
  const { orderId } = await params;
  const view = await cabinetOrderById(getDb(), orderId);
  if (!view)
    throw new ApiError('NOT_FOUND', `cabinet order ${JSON.stringify(orderId)} does not exist`);
  return Response.json(view);
});
