import 'server-only';
import type { z } from 'zod';
import type { PushKind } from '@/db/schema';
import { deviceSchema, statusSchema, tradeSchema } from '@/lib/ingest/push/schemas';
import { refillSchema } from '@/lib/ingest/push/refill-schema';
import type { IngestContext } from './context';
import { projectDevice } from './device';
import { projectTrade } from './trade';
import { projectStatus } from './status';
import { withDoorMeaning } from './door';
import { projectRefill } from './refill';
import { adoptPulledTrade } from './pulled-trade';

interface Projection<S extends z.ZodType> {
  schema: S;
  project: (ctx: IngestContext, message: z.infer<S>) => Promise<unknown>;
}
const projection = <S extends z.ZodType>(p: Projection<S>) => p as Projection<z.ZodType>;

/** For each push kind: the shape it must have and how it changes the fleet's state. */
export const PROJECTIONS: Record<PushKind, Projection<z.ZodType>> = {
  device: projection({ schema: deviceSchema, project: projectDevice }),
  // A trade a sync imported before its push is taken over by the push (same row, D50).
  trade: projection({
    schema: tradeSchema,
    project: async (ctx, m) => {
      await adoptPulledTrade(ctx, m.id, m.orderNo);
      return projectTrade(ctx, m);
    },
  }),
  // doorState is read in the client's meaning here, at the edge (D70); projectStatus and all
  // after it (and the history loader, which calls it directly) keep 0 = open.
  status: projection({
    schema: statusSchema,
    project: async (ctx, m) =>
      await projectStatus(ctx, await withDoorMeaning(ctx.db, ctx.clientId, m)),
  }),
  refill: projection({
    schema: refillSchema,
    project: async (ctx, m) => await projectRefill(ctx, m, 'push'),
  }),
};

export type { IngestContext } from './context';
