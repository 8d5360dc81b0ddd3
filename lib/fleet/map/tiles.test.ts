import { describe, expect, it } from 'vitest';
import { tilesFor, tileUrl } from './tiles';

describe('tilesFor', () => {
  it('covers the window with tiles near 256 px at the zoom that fits', () => {
    // A world 2048 units wide is zoom 3: 8 × 8 tiles of 256.
    const tiles = tilesFor({ size: 2048, originX: -300, originY: -100, width: 800, height: 480 });
    expect(new Set(tiles.map((t) => t.z))).toEqual(new Set([3]));
    expect(tiles[0]).toEqual({ z: 3, x: 1, y: 0, left: -44, top: -100, size: 256 });
    const right = Math.max(...tiles.map((t) => t.left + t.size));
    const bottom = Math.max(...tiles.map((t) => t.top + t.size));
    expect(right).toBeGreaterThanOrEqual(800);
    expect(bottom).toBeGreaterThanOrEqual(480);
  });

  it('stops at the edges of the world and at the most tiles asked', () => {
    expect(tilesFor({ size: 256, originX: 0, originY: 0, width: 800, height: 480 })).toHaveLength(
      1,
    );
    const many = tilesFor({
      size: 2 ** 26,
      originX: -1e7,
      originY: -1e7,
      width: 8000,
      height: 8000,
      max: 10,
    });
    expect(many).toHaveLength(10);
  });
});

describe('tileUrl', () => {
  it('fills the template, spreading {s} over the subdomains', () => {
    const t = 'https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8';
    expect(tileUrl(t, '1234', { z: 12, x: 3372, y: 1552 })).toBe(
      'https://webrd01.is.autonavi.com/appmaptile?x=3372&y=1552&z=12&style=8',
    );
    expect(
      tileUrl('https://tile.openstreetmap.org/{z}/{x}/{y}.png', '', { z: 1, x: 0, y: 1 }),
    ).toBe('https://tile.openstreetmap.org/1/0/1.png');
  });
});
