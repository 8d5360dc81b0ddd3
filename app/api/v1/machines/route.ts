import { z } from 'zod';
import { getDb } from '@/db/client';
import { listMachines } from '@/db/queries/machines';
import { parseQuery, route } from '@/lib/api/request';
import { limit, offset, optionalText } from '@/lib/api/params';
import { machineListItem } from '@/lib/api/views';

const query = z.object({
  lineName: optionalText,
  siteName: optionalText,
  q: optionalText,
  limit: limit(5000, 100),
  offset,
});

export const GET = route((request) => {
  const p = parseQuery(request, query);
  const { items, total } = listMachines(getDb(), p);
  return Response.json({ items: items.map(machineListItem), total });
});
