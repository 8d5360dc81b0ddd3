import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { getMapTiles, mapTilesSchema, saveMapTiles } from '@/lib/settings/map-tiles';

export const GET = route(async () => Response.json(await getMapTiles(getDb())));

/**
 * `{url, attribution, subdomains?}`: a https tile template with {z}, {x} and {y} (and {s} in
 * the host's first part when `subdomains` gives its values), or `url: null` for the offline
 * drawing. A bad template is a 422 naming what is wrong.
 */
export const PUT = route(async (request, _ctx, caller) =>
  Response.json(await saveMapTiles(getDb(), caller, await parseBody(request, mapTilesSchema))),
);
