import { handlePickupRequest } from '@/lib/pickup/http';

/** Seed 000 §7.2: the machine vended for a pickup code; mark it used. */
export function POST(request: Request) {
  return handlePickupRequest(request, 'use');
}
