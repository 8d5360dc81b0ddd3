/**
 * The site map's projection: spherical Web Mercator (the projection of every street map, so
 * shapes look as people expect and north is up), fitted to the points shown. No tiles, no
 * outside service: the map draws only what we know.
 */
export interface LonLat {
  longitude: number;
  latitude: number;
}

export interface Fit {
  /** Screen position of a point, in the viewBox's units. */
  project: (p: LonLat) => { x: number; y: number };
  /** The point at a screen position: the inverse of `project`. */
  unproject: (x: number, y: number) => LonLat;
  /** Metres one viewBox unit covers at the middle of the fitted area. */
  metresPerUnit: number;
  /** The world's unit square (see `mercator`) in viewBox units: where map tiles go. */
  world: { scale: number; offsetX: number; offsetY: number };
}

/** Web Mercator's clamp: beyond it the projection runs to infinity. */
const MAX_LAT = 85.05112878;
const EQUATOR_M = 40_075_016.686;
/** The smallest span fitted, in degrees (about 1 km): one site alone is not zoomed to a point. */
const MIN_SPAN_DEG = 0.01;

/** Longitude and latitude to the unit square (x east, y south), the world being 1 × 1. */
export function mercator(p: LonLat): { x: number; y: number } {
  const lat = (Math.max(-MAX_LAT, Math.min(MAX_LAT, p.latitude)) * Math.PI) / 180;
  return {
    x: (p.longitude + 180) / 360,
    y: (1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2,
  };
}

/** The inverse of `mercator`. */
export function unmercator(x: number, y: number): LonLat {
  return {
    longitude: x * 360 - 180,
    latitude: (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI,
  };
}

/**
 * Fits the points into width × height with `padding` on every side, keeping the aspect
 * (a kilometre is as long east–west as north–south), centred.
 */
export function fitProjection(
  points: readonly LonLat[],
  width: number,
  height: number,
  padding: number,
): Fit {
  const lons = points.map((p) => p.longitude);
  const lats = points.map((p) => p.latitude);
  const west = points.length ? Math.min(...lons) : 73;
  const east = points.length ? Math.max(...lons) : 135;
  const south = points.length ? Math.min(...lats) : 18;
  const north = points.length ? Math.max(...lats) : 54;
  const a = mercator({ longitude: west, latitude: north });
  const b = mercator({ longitude: east, latitude: south });
  // Widened about the middle in projected units, so one site alone lands in the centre.
  const minSpan = MIN_SPAN_DEG / 360;
  for (const k of ['x', 'y'] as const) {
    if (b[k] - a[k] < minSpan) {
      const mid = (a[k] + b[k]) / 2;
      a[k] = mid - minSpan / 2;
      b[k] = mid + minSpan / 2;
    }
  }
  const scale = Math.min((width - 2 * padding) / (b.x - a.x), (height - 2 * padding) / (b.y - a.y));
  const offsetX = (width - (b.x - a.x) * scale) / 2 - a.x * scale;
  const offsetY = (height - (b.y - a.y) * scale) / 2 - a.y * scale;
  const midLat = ((south + north) / 2) * (Math.PI / 180);
  return {
    project: (p) => {
      const m = mercator(p);
      return { x: m.x * scale + offsetX, y: m.y * scale + offsetY };
    },
    unproject: (x, y) => unmercator((x - offsetX) / scale, (y - offsetY) / scale),
    metresPerUnit: (EQUATOR_M * Math.cos(midLat)) / scale,
    world: { scale, offsetX, offsetY },
  };
}

/** A round length (1, 2 or 5 × 10ⁿ metres) that spans at most `maxUnits` on the map. */
export function scaleBar(
  metresPerUnit: number,
  maxUnits: number,
): { metres: number; units: number } {
  const max = metresPerUnit * maxUnits;
  const pow = 10 ** Math.floor(Math.log10(max));
  const metres = [5, 2, 1].map((k) => k * pow).find((m) => m <= max) ?? pow;
  return { metres, units: metres / metresPerUnit };
}

/** Graticule steps: a round number of degrees giving a handful of lines across `span`. */
export function gridStep(span: number): number {
  const raw = span / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((k) => k * pow).find((s) => s >= raw)!;
}

/**
 * The indices of the largest group of points, where points in the same or neighbouring
 * `cellDeg` grid cells are grouped: a fleet in two cities 1,000 km apart is two groups, and
 * the map opens on the bigger one. Linear in the points.
 */
export function largestCluster(points: readonly LonLat[], cellDeg = 0.5): number[] {
  const cellOf = (p: LonLat) =>
    `${Math.floor(p.longitude / cellDeg)},${Math.floor(p.latitude / cellDeg)}`;
  const parent = new Map<string, string>();
  const find = (c: string): string => {
    let r = c;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(c, r);
    return r;
  };
  for (const p of points) parent.set(cellOf(p), cellOf(p));
  for (const c of parent.keys()) {
    const [x, y] = c.split(',').map(Number) as [number, number];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const n = `${x + dx},${y + dy}`;
        if (parent.has(n)) parent.set(find(n), find(c));
      }
  }
  const groups = new Map<string, number[]>();
  points.forEach((p, i) => {
    const root = find(cellOf(p));
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  });
  let best: number[] = [];
  for (const g of groups.values()) if (g.length > best.length) best = g;
  return best;
}
