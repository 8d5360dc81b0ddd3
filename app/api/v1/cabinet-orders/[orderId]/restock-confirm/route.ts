import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { confirmRestock } from '@/lib/cabinets/restock';
import { restockConfirmSchema } from '@/lib/cabinets/schemas';

/** Confirms a recognised restock with Repli/Confirm (§7), as recognised or corrected. */
export const POST = route<{ params: Promise<{ orderId: string }> }>(
  async (request, { params }, caller) => {
    const { orderId } = await params;
    const input = await parseBody(request, restockConfirmSchema);
    return Response.json(await confirmRestock(getDb(), caller, orderId, input.lines));
  },
);
