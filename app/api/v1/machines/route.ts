import { readMachineList } from '@/lib/api/machine-list';
import { route } from '@/lib/api/request';

/**
 * The fleet list. The production server answers this path itself (lib/api/fast-read.ts,
 * docs/decisions.md D28) with the same function; this handler serves `npm run dev`.
 */
export const GET = route((request) =>
  Response.json(readMachineList(new URL(request.url).searchParams)),
);
