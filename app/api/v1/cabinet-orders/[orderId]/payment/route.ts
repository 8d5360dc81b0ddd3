import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { reportOrderPayment } from '@/lib/cabinets/payments';
import { paymentSchema } from '@/lib/cabinets/schemas';

/** Records a payment result and reports it upstream with ReportPaymentResult (§10). */
export const POST = route<{ params: Promise<{ orderId: string }> }>(
  async (request, { params }, caller) => {
    const { orderId } = await params;
    const input = await parseBody(request, paymentSchema);
    return Response.json(await reportOrderPayment(getDb(), caller, orderId, input));
  },
);
