import 'server-only';
import type { z } from 'zod';
import { getDb } from '@/lib/db';
import { parseBody, parseParam, route } from '@/lib/edge/request';
import { positiveId } from '@/lib/edge/params';
import { actOnAlert, type AlertAction } from './lifecycle';

type Params = { params: Promise<{ id: string }> };

/**
 * The POST handler of one lifecycle action (`/api/v1/alerts/{id}/<action>`): the id (404 when
 * not a positive integer), the body by its schema (400/422), then the change. Answers the
 * alert as it now is and whether anything changed.
 */
export function alertActionRoute<S extends z.ZodType>(
  schema: S,
  toAction: (body: z.infer<S>) => AlertAction,
) {
  return route<Params>(async (request, { params }, caller) => {
    const id = parseParam((await params).id, positiveId, 'alert');
    const body = await parseBody(request, schema);
    return Response.json(await actOnAlert(getDb(), caller, id, toAction(body)));
  });
}
