import { describe, expect, it } from 'vitest';
import { PRODUCTS } from './catalogue';
import { CITIES } from './geography';

function validEan13(code: string): boolean {
  if (!/^\d{13}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 12).reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[12];
}

const BOXES: Record<string, { lon: [number, number]; lat: [number, number] }> = {
  北京: { lon: [116.2, 116.6], lat: [39.8, 40.1] },
  上海: { lon: [121.35, 121.65], lat: [31.1, 31.35] },
};

describe('the catalogue', () => {
  it('has at least 80 products with unique goods ids, barcodes and names', () => {
    expect(PRODUCTS.length).toBeGreaterThanOrEqual(80);
    for (const key of ['goodsId', 'number', 'name'] as const) {
      expect(new Set(PRODUCTS.map((p) => p[key])).size, key).toBe(PRODUCTS.length);
    }
  });

  it('uses 24-hex goods and type ids, one type id per category', () => {
    const typeIds = new Map<string, string>();
    for (const p of PRODUCTS) {
      expect(p.goodsId, p.name).toMatch(/^[0-9a-f]{24}$/);
      expect(p.typeId, p.name).toMatch(/^[0-9a-f]{24}$/);
      expect(typeIds.get(p.typeName) ?? p.typeId, p.name).toBe(p.typeId);
      typeIds.set(p.typeName, p.typeId);
    }
    expect(new Set(typeIds.values()).size).toBe(typeIds.size);
  });

  it('has Chinese EAN-13 barcodes with a valid check digit', () => {
    for (const p of PRODUCTS) {
      expect(p.number, p.name).toMatch(/^69\d{11}$/);
      expect(validEan13(p.number), `${p.name} ${p.number}`).toBe(true);
    }
    expect(validEan13('6921168509256')).toBe(true);
    expect(validEan13('6921168509257')).toBe(false);
  });

  it('prices are positive integers in fen, popularity is sane', () => {
    for (const p of PRODUCTS) {
      expect(Number.isInteger(p.price) && p.price > 0, p.name).toBe(true);
      expect(p.popularity, p.name).toBeGreaterThanOrEqual(0.3);
      expect(p.popularity, p.name).toBeLessThanOrEqual(3);
      expect([0, 1, 2, 3, 4]).toContain(p.packingForm);
    }
  });

  it('every product fits a container and every container type has at least 10 products', () => {
    for (const p of PRODUCTS) {
      expect(p.containerTypes.length, p.name).toBeGreaterThan(0);
      for (const t of p.containerTypes) expect([1, 2, 3]).toContain(t);
    }
    for (const t of [1, 2, 3] as const) {
      expect(
        PRODUCTS.filter((p) => p.containerTypes.includes(t)).length,
        `type ${t}`,
      ).toBeGreaterThanOrEqual(10);
    }
  });

  it('the drinks container only holds chilled products', () => {
    for (const p of PRODUCTS.filter((x) => x.containerTypes.includes(1))) {
      expect(p.chilled, p.name).toBe(true);
    }
  });
});

describe('the geography', () => {
  it('has two cities, each with at least 6 lines of at least 6 sites', () => {
    expect(CITIES.map((c) => c.areaName).sort()).toEqual(['上海', '北京'].sort());
    for (const c of CITIES) {
      expect(c.lines.length, c.name).toBeGreaterThanOrEqual(6);
      for (const l of c.lines) {
        expect(l.sites.length, l.name).toBeGreaterThanOrEqual(6);
        expect(l.description.length, l.name).toBeGreaterThan(0);
      }
    }
  });

  it('line names and site names are unique across both cities', () => {
    const lines = CITIES.flatMap((c) => c.lines.map((l) => l.name));
    expect(new Set(lines).size).toBe(lines.length);
    const sites = CITIES.flatMap((c) => c.lines.flatMap((l) => l.sites.map((s) => s.name)));
    expect(new Set(sites).size).toBe(sites.length);
  });

  it("every site lies inside its city's box, with sane footfall", () => {
    for (const c of CITIES) {
      const box = BOXES[c.areaName]!;
      for (const s of c.lines.flatMap((l) => l.sites)) {
        expect(s.longitude, s.name).toBeGreaterThanOrEqual(box.lon[0]);
        expect(s.longitude, s.name).toBeLessThanOrEqual(box.lon[1]);
        expect(s.latitude, s.name).toBeGreaterThanOrEqual(box.lat[0]);
        expect(s.latitude, s.name).toBeLessThanOrEqual(box.lat[1]);
        expect(s.footfall, s.name).toBeGreaterThanOrEqual(0.4);
        expect(s.footfall, s.name).toBeLessThanOrEqual(2.5);
        expect(s.address.startsWith(`${c.areaName}市`), s.name).toBe(true);
      }
    }
  });
});
