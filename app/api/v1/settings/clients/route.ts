import { getDb } from '@/lib/db';
import { route } from '@/lib/edge/request';
import { clientViews } from '@/lib/settings/clients';

/** Each Smart Vending client: the form its platform signs in, ours, and its door meaning. */
export const GET = route(async () => Response.json({ items: await clientViews(getDb()) }));
