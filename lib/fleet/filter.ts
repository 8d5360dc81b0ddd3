/**
 * The machine list's filters and sort, shared by the API (which validates them strictly with
 * zod), the page's URL and the query key. Client-safe: no zod, no database.
 */
export const MACHINE_SORTS = [
  'assetId',
  'name',
  'site',
  'line',
  'lastSeen',
  'soldOut',
  // The earliest predicted sold-out time (D96): soonest first, unknown last.
  'soldOutAt',
] as const;
export type MachineSort = (typeof MACHINE_SORTS)[number];
export const SORT_DIRS = ['asc', 'desc'] as const;
export type SortDir = (typeof SORT_DIRS)[number];
export const PLATFORMS = ['smartvending', 'saas'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Area, line and site are matched by name (docs/decisions.md, "Machine list"). */
export const TEXT_FILTERS = ['area', 'line', 'site', 'q'] as const;
export const BOOLEAN_FILTERS = ['online', 'faults', 'soldOut'] as const;

export interface MachineFilter {
  area?: string;
  line?: string;
  site?: string;
  platform?: Platform;
  online?: boolean;
  faults?: boolean;
  soldOut?: boolean;
  q?: string;
  /** Omitted for the default, assetId ascending, so equal lists share one query key. */
  sort?: MachineSort;
  dir?: SortDir;
}

const isOneOf = <T extends string>(list: readonly T[], v: string | null): v is T =>
  v !== null && (list as readonly string[]).includes(v);

/** Drops defaults and empty values: one filter, one canonical form (and query key). */
export function canonicalFilter(f: MachineFilter): MachineFilter {
  const out: MachineFilter = {};
  for (const k of TEXT_FILTERS) {
    const v = f[k]?.trim();
    if (v) out[k] = v;
  }
  if (f.platform) out.platform = f.platform;
  for (const k of BOOLEAN_FILTERS) if (f[k] !== undefined) out[k] = f[k];
  const sort = f.sort ?? 'assetId';
  const dir = f.dir ?? 'asc';
  if (sort !== 'assetId') out.sort = sort;
  if (dir !== 'asc') out.dir = dir;
  return out;
}

/**
 * A page URL's search params as a filter. Lenient, unlike the API: a value the API would
 * refuse is left out, so a mistyped shared link still opens the list.
 */
export function filterFromSearch(params: URLSearchParams): MachineFilter {
  const f: MachineFilter = {};
  for (const k of TEXT_FILTERS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  const platform = params.get('platform');
  if (isOneOf(PLATFORMS, platform)) f.platform = platform;
  for (const k of BOOLEAN_FILTERS) {
    const v = params.get(k);
    if (v === 'true' || v === 'false') f[k] = v === 'true';
  }
  const sort = params.get('sort');
  if (isOneOf(MACHINE_SORTS, sort)) f.sort = sort;
  const dir = params.get('dir');
  if (isOneOf(SORT_DIRS, dir)) f.dir = dir;
  return canonicalFilter(f);
}

/** The filter as search params, in a fixed order (the page's URL and the API's query). */
export function filterToSearch(f: MachineFilter): URLSearchParams {
  const c = canonicalFilter(f);
  const params = new URLSearchParams();
  for (const k of [...TEXT_FILTERS, 'platform', ...BOOLEAN_FILTERS, 'sort', 'dir'] as const) {
    const v = c[k];
    if (v !== undefined) params.set(k, String(v));
  }
  return params;
}

/** Search params from a server page's `searchParams`; a repeated key keeps its first value, as
 * `URLSearchParams.get` (and so the client) reads it. */
export function toSearchParams(
  record: Record<string, string | string[] | undefined>,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(record)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) params.set(k, value);
  }
  return params;
}
