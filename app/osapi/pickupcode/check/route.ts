import { handlePickupRequest } from '@/lib/pickup/http';

/** Seed 000 §7.1: the platform asks whether a pickup code entered at a machine is good. */
export function POST(request: Request) {
  return handlePickupRequest(request, 'check');
}
