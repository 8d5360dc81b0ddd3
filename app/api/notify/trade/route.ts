import { handleNotifyRequest } from '@/lib/notify/http';

/** Seed 000 push receiver. `npm start` serves this path on the fast path in server.ts. */
export function POST(request: Request) {
  return handleNotifyRequest(request, 'trade');
}
