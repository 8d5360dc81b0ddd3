import { handleNotifyRequest } from '@/lib/ingest/push/http';

/** Seed 000 push receiver. `npm start` serves this path on the fast path in server.ts. */
export function POST(request: Request) {
  return handleNotifyRequest(request, 'status');
}
