import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { recordRefund } from '@/lib/cabinets/payments';
import { refundSchema } from '@/lib/cabinets/schemas';

/** Records a refund (and reports a refund the platform asked for, PayType 2). */
export const POST = route<{ params: Promise<{ orderId: string }> }>(
  async (request, { params }, caller) => {
    const { orderId } = await params;
    const input = await parseBody(request, refundSchema);
    return Response.json(await recordRefund(getDb(), caller, orderId, input));
  },
);
