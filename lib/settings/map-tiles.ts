import 'server-only';
import { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import { readSetting, writeSetting } from '@/db/queries/settings-kv';
import type { Caller } from '@/lib/edge/caller';
import { audit } from '@/lib/admin/audit';

/**
 * An optional street-map tile layer under the site maps (D82): a template URL such as
 * OpenStreetMap's `https://tile.openstreetmap.org/{z}/{x}/{y}.png`, with the provider's
 * attribution, shown on every map. Without one the maps stay today's offline drawing.
 */
const KEY = 'map-tiles';

/** The template with its placeholders filled, as a URL: what the browser will fetch. */
function sample(template: string, subdomains: string) {
  try {
    return new URL(
      template
        .replaceAll('{z}', '1')
        .replaceAll('{x}', '0')
        .replaceAll('{y}', '0')
        .replaceAll('{s}', subdomains[0] ?? 'a'),
    );
  } catch {
    return null;
  }
}

export const mapTilesSchema = z
  .strictObject({
    url: z.string().trim().max(500, { error: 'at most 500 characters' }).nullable(),
    attribution: z.string().trim().max(200, { error: 'at most 200 characters' }).default(''),
    /** Values of `{s}`, one character each (e.g. "abc" or "1234"). */
    subdomains: z
      .string()
      .regex(/^[a-z0-9]{0,10}$/, { error: 'up to 10 letters or digits, one per subdomain' })
      .default(''),
  })
  .superRefine((v, ctx) => {
    if (v.url === null || v.url === '') return;
    const issue = (message: string, path = 'url') =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (!v.url.startsWith('https://')) return issue('the template must start with https://');
    for (const p of ['{z}', '{x}', '{y}'])
      if (!v.url.includes(p)) return issue(`the template must contain ${p}`);
    const host = v.url.slice('https://'.length).split(/[/?#]/)[0]!;
    if (v.url.includes('{s}')) {
      if (!v.subdomains) issue('give the values of {s}', 'subdomains');
      if (!host.split('.')[0]!.includes('{s}') || host.indexOf('{s}') !== host.lastIndexOf('{s}'))
        issue('{s} may only stand in the first part of the host name');
    }
    if (/[{}]/.test(host.replace('{s}', ''))) issue('only {s} may stand in the host name');
    const url = sample(v.url, v.subdomains);
    if (!url || url.protocol !== 'https:' || url.username || url.password)
      return issue('not a valid https URL');
    if (!v.attribution)
      issue('name the provider: its attribution is shown on the map', 'attribution');
  })
  .transform((v) => ({ ...v, url: v.url || null }));

export type MapTiles = z.infer<typeof mapTilesSchema>;

export const NO_TILES: MapTiles = { url: null, attribution: '', subdomains: '' };

/** The tile layer in force (a bad saved value counts as none). */
export async function getMapTiles(db: DbOrTx): Promise<MapTiles> {
  const saved = mapTilesSchema.safeParse((await readSetting(db, KEY)) ?? NO_TILES);
  return saved.success ? saved.data : NO_TILES;
}

/** The CSP source the tiles' images come from (`https://host`, `https://*.rest` for {s}). */
export function tileImageSource(tiles: MapTiles): string | null {
  if (!tiles.url) return null;
  const host = tiles.url.slice('https://'.length).split(/[/?#]/)[0]!;
  const [first, ...rest] = host.split('.');
  return `https://${first!.includes('{s}') ? ['*', ...rest].join('.') : host}`;
}

export async function saveMapTiles(db: Db, caller: Caller, next: MapTiles): Promise<MapTiles> {
  return await inTransaction(db, async () => {
    const before = await getMapTiles(db);
    const at = Math.floor(Date.now() / 1000);
    await writeSetting(db, KEY, next, at, caller.principal?.label ?? 'system');
    await audit(
      db,
      caller,
      { action: 'settings.mapTiles', targetKind: 'settings', targetId: KEY, before, after: next },
      at,
    );
    return next;
  });
}
