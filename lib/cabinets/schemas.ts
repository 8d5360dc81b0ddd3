import 'server-only';
import { z } from 'zod';
import { CABINET_ORDER_STATES } from '@/db/schema/cabinets';
import { epochSeconds, limit } from '@/lib/edge/params';

const machineId = z.string().trim().min(1).max(64);
const note = z.string().trim().max(500);

export const registerCabinetSchema = z.strictObject({ machineId });

export const openDoorSchema = z.strictObject({
  machineId,
  doorNo: z.number().int().min(0).max(99),
  type: z.enum(['buy', 'restock']),
  customerDetails: z.string().max(500).optional(),
});

const states = z
  .string()
  .transform((v) => v.split(',').filter(Boolean))
  .pipe(z.array(z.enum(CABINET_ORDER_STATES)));

export const listOrdersQuery = z.object({
  machineId: machineId.optional(),
  state: states.optional(),
  from: epochSeconds.optional(),
  to: epochSeconds.optional(),
  limit: limit(200, 50),
  cursor: z
    .string()
    // Epoch seconds (bounded, as PostgreSQL's bigint is) and an order id.
    .regex(/^\d{1,11}\.[\w-]{1,128}$/, { error: 'cursor must be a value returned as nextCursor' })
    .optional(),
});

export const paymentSchema = z.strictObject({
  status: z.enum(['success', 'failed']),
  message: z.string().max(500).optional(),
  kind: z.enum(['order', 'deduction', 'refund']).optional(),
  refNo: z.string().max(64).optional(),
});

export const settleSchema = z.strictObject({
  items: z
    .array(
      z.object({
        commodityId: z.string().min(1).max(64),
        count: z.number().int().min(1).max(1_000_000),
        meterType: z.union([z.literal(1), z.literal(2)]).optional(),
      }),
    )
    .max(100),
  note: note.optional(),
});

export const cancelSchema = z.strictObject({ note: note.default('') });

export const refundSchema = z.strictObject({
  amount: z.number().int().min(0),
  note: note.default(''),
});

export const restockConfirmSchema = z.strictObject({
  lines: z
    .array(
      z.object({
        commodityId: z.string().min(1).max(64),
        layerNo: z.number().int().min(0).max(99),
        spotCount: z.number().int().min(0).max(100_000),
        stockCount: z.number().int().min(0).max(100_000),
        sno: z.number().int().optional(),
      }),
    )
    .min(1)
    .max(200)
    .optional(),
});
