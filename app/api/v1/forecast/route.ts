import { getDb } from '@/lib/db';
import { latestFit } from '@/db/queries/forecast';
import { route } from '@/lib/edge/request';

/** The latest fit of demand per shelf: when, over which window, how many machines and shelves. */
export const GET = route(async () => {
  const fit = await latestFit(getDb());
  if (!fit) return Response.json({ fit: null });
  const { fleetShape: _shape, ...summary } = fit;
  return Response.json({ fit: summary });
});
