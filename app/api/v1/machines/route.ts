import { readMachineList } from '@/lib/fleet/machine-list';
import { route } from '@/lib/edge/request';

/**
 * The fleet list. The production server answers this path itself (lib/fleet/fast-read.ts,
 * docs/decisions.md D28) with the same function; this handler serves `npm run dev`.
 */
export const GET = route(async (request) => {
  const { text } = await readMachineList(new URL(request.url).searchParams, request.signal);
  return new Response(text, { headers: { 'content-type': 'application/json' } });
});
