import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { settleOrder } from '@/lib/cabinets/actions';
import { settleSchema } from '@/lib/cabinets/schemas';

/** An operator settles an order needing review with the items they judge were taken. */
export const POST = route<{ params: Promise<{ orderId: string }> }>(
  async (request, { params }, caller) => {
    const { orderId } = await params;
    const input = await parseBody(request, settleSchema);
    return Response.json(await settleOrder(getDb(), caller, orderId, input.items));
  },
);
