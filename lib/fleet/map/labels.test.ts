import { describe, expect, it } from 'vitest';
import { placeLabels, textWidth, type Box } from './labels';

const o = { width: 800, height: 480, fontSize: 12, radius: 8 };
const boxOf = (p: { x: number; y: number }, text: string): Box => ({
  x: p.x,
  y: p.y - 12 * 0.95,
  w: textWidth(text, 12),
  h: 12 * 1.2,
});
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('placeLabels', () => {
  it('puts a lone label to the right of its marker', () => {
    const [label] = placeLabels([{ x: 100, y: 100, text: '西单' }], o);
    expect(label!.x).toBe(111);
    expect(label!.y).toBeCloseTo(104.2, 6);
  });

  it('never lets two labels overlap, however crowded the sites', () => {
    const points = Array.from({ length: 60 }, (_, i) => ({
      x: 300 + (i % 8) * 6,
      y: 200 + Math.floor(i / 8) * 5,
      text: `站点 ${i}`,
    }));
    const placed = placeLabels(points, o);
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeLessThan(points.length);
    const boxes = placed.map((p) => boxOf(p, points[p.index]!.text));
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!)).toBe(false);
  });

  it('keeps labels off the areas kept free and inside the map', () => {
    const keepOut = [{ x: 0, y: 440, w: 220, h: 40 }];
    const placed = placeLabels(
      [
        { x: 20, y: 450, text: '北京南站南广场' },
        { x: 795, y: 10, text: '很长的点位名称' },
      ],
      { ...o, keepOut },
    );
    for (const p of placed) {
      const b = boxOf(p, '北京南站南广场');
      expect(overlap(b, keepOut[0]!)).toBe(false);
      expect(b.x).toBeGreaterThanOrEqual(0);
    }
    // The site in the top-right corner is labelled on its left.
    expect(placed.find((p) => p.index === 1)!.x).toBeLessThan(795);
  });
});
