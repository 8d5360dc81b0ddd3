import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { cancelOrder } from '@/lib/cabinets/actions';
import { cancelSchema } from '@/lib/cabinets/schemas';

/** An operator cancels an order: nothing is billed. */
export const POST = route<{ params: Promise<{ orderId: string }> }>(
  async (request, { params }, caller) => {
    const { orderId } = await params;
    const input = await parseBody(request, cancelSchema);
    return Response.json(await cancelOrder(getDb(), caller, orderId, input.note));
  },
);
