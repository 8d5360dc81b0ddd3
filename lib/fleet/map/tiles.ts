/**
 * The slippy-map tiles (256 px, Web Mercator, the scheme of OpenStreetMap and the Chinese
 * providers alike) covering a view of the world's unit square: `size` viewBox units per world,
 * the world's origin at (originX, originY), a `width` × `height` window. At most `max` tiles.
 */
export interface Tile {
  z: number;
  x: number;
  y: number;
  /** Position and size in viewBox units. */
  left: number;
  top: number;
  size: number;
}

export function tilesFor(o: {
  size: number;
  originX: number;
  originY: number;
  width: number;
  height: number;
  max?: number;
}): Tile[] {
  const z = Math.max(0, Math.min(19, Math.round(Math.log2(o.size / 256))));
  const n = 2 ** z;
  const size = o.size / n;
  const range = (origin: number, extent: number) => {
    const from = Math.max(0, Math.floor(-origin / size));
    const to = Math.min(n - 1, Math.floor((extent - origin) / size));
    return { from, to };
  };
  const xs = range(o.originX, o.width);
  const ys = range(o.originY, o.height);
  const tiles: Tile[] = [];
  for (let y = ys.from; y <= ys.to; y++)
    for (let x = xs.from; x <= xs.to; x++) {
      if (tiles.length >= (o.max ?? 64)) return tiles;
      tiles.push({ z, x, y, left: o.originX + x * size, top: o.originY + y * size, size });
    }
  return tiles;
}

/** A tile's URL from the template: {z}, {x}, {y}, and {s} taken in turn from `subdomains`. */
export function tileUrl(template: string, subdomains: string, t: Pick<Tile, 'z' | 'x' | 'y'>) {
  const s = subdomains ? subdomains[(t.x + t.y) % subdomains.length]! : '';
  return template
    .replaceAll('{z}', String(t.z))
    .replaceAll('{x}', String(t.x))
    .replaceAll('{y}', String(t.y))
    .replaceAll('{s}', s);
}
