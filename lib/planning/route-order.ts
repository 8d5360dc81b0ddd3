/**
 * A line's visiting order (docs/decisions.md D33). Neither §9.1 nor §9.2 says in which order a
 * line's sites are visited, so we propose a short open path through them: nearest neighbour from
 * every site as a start, the shortest of those, then 2-opt until no reversal shortens it. Lines
 * have tens of sites, so this is instant and deterministic.
 */
export interface GeoPoint {
  longitude: number;
  latitude: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function pathLengthKm(points: readonly GeoPoint[], order: readonly number[]): number {
  let total = 0;
  for (let i = 1; i < order.length; i++)
    total += distanceKm(points[order[i - 1]!]!, points[order[i]!]!);
  return total;
}

function nearestNeighbour(d: number[][], start: number): number[] {
  const n = d.length;
  const seen = new Array<boolean>(n).fill(false);
  const order = [start];
  seen[start] = true;
  for (let k = 1; k < n; k++) {
    const last = order[order.length - 1]!;
    let best = -1;
    for (let j = 0; j < n; j++)
      if (!seen[j] && (best < 0 || d[last]![j]! < d[last]![best]!)) best = j;
    order.push(best);
    seen[best] = true;
  }
  return order;
}

const length = (d: number[][], o: number[]) => o.slice(1).reduce((s, v, i) => s + d[o[i]!]![v]!, 0);

/** Reverses o[i..j] while that shortens the open path (ends may move too). */
function twoOpt(d: number[][], order: number[]): number[] {
  const o = [...order];
  const n = o.length;
  const at = (k: number) => (k < 0 || k >= n ? -1 : o[k]!);
  const edge = (a: number, b: number) => (a < 0 || b < 0 ? 0 : d[a]![b]!);
  for (let improved = true, passes = 0; improved && passes < 50; passes++) {
    improved = false;
    for (let i = 0; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        const before = edge(at(i - 1), at(i)) + edge(at(j), at(j + 1));
        const after = edge(at(i - 1), at(j)) + edge(at(i), at(j + 1));
        if (after < before - 1e-9) {
          o.splice(i, j - i + 1, ...o.slice(i, j + 1).reverse());
          improved = true;
        }
      }
    }
  }
  return o;
}

/**
 * Indices of `points` in visiting order. The path starts at whichever of its two ends comes
 * first in `points`, so a caller that sorts its sites (by name, say) gets a stable answer.
 */
export function visitingOrder(points: readonly GeoPoint[]): number[] {
  const n = points.length;
  if (n <= 2) return points.map((_, i) => i);
  const d = points.map((a) => points.map((b) => distanceKm(a, b)));
  let best: number[] = [];
  let bestLength = Infinity;
  // Every start for a line's tens of sites; a few hundred would be slow, so cap the starts.
  const starts = n <= 200 ? n : 1;
  for (let s = 0; s < starts; s++) {
    const o = nearestNeighbour(d, s);
    const len = length(d, o);
    if (len < bestLength - 1e-9) {
      best = o;
      bestLength = len;
    }
  }
  const o = twoOpt(d, best);
  return o[0]! > o[n - 1]! ? o.reverse() : o;
}
