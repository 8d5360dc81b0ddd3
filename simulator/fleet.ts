import { Rng } from './rng';
import { CITIES } from './data/geography';
import { PRODUCTS } from './data/catalogue';
import { DAY } from './time';
import type { Fleet, Product, SimContainer, SimLine, SimMachine, SimShelf } from './model';

export interface FleetOptions {
  seed: number;
  machines: number;
  /** How many lines the machines are spread over (default: about one per 15 machines). */
  lines?: number;
  /** When the fleet was installed (createTime of lines and machines). */
  createdAt?: number;
}

const VENDERS = ['aucma', 'fuji', 'sanden', 'xy-vending', 'zhongji'];
const CONTAINER_PLANS: readonly { weight: number; types: (1 | 2 | 3)[] }[] = [
  { weight: 40, types: [1] },
  { weight: 15, types: [1, 2] },
  { weight: 20, types: [2] },
  { weight: 10, types: [1, 3] },
  { weight: 10, types: [3] },
  { weight: 5, types: [1, 2, 3] },
];

/** A seeded fleet: the same options give the same fleet, field for field. */
export function generateFleet(o: FleetOptions): Fleet {
  const rng = Rng.derive(o.seed, 'fleet');
  const createdAt = o.createdAt ?? 1_704_038_400; // 2024-01-01 00:00 fleet time
  const lineCount = Math.max(1, Math.min(o.lines ?? Math.ceil(o.machines / 15), totalLines()));
  const lineSpecs = rng
    .shuffle(CITIES.flatMap((c) => c.lines.map((l) => ({ city: c, line: l }))))
    .slice(0, lineCount);
  const lines: SimLine[] = lineSpecs.map(({ city, line }, i) => ({
    name: line.name,
    areaName: city.areaName,
    description: line.description,
    createTime: createdAt + i * 3600,
    refillEveryDays: rng.int(5, 9),
    refillHour: rng.int(9, 15),
    refillOffsetDays: rng.int(0, 3),
  }));
  const machines: SimMachine[] = [];
  for (let i = 0; i < o.machines; i++) {
    const { city, line } = lineSpecs[i % lineSpecs.length]!;
    const m = Rng.derive(o.seed, 'machine', i);
    const site = m.pick(line.sites);
    const siteIndex = CITIES.flatMap((c) => c.lines.flatMap((l) => l.sites)).indexOf(site);
    const assetId = String(91_000_000 + i + 1);
    const sameSite = machines.filter((x) => x.site === site).length;
    machines.push({
      assetId,
      name: `${site.name} ${sameSite + 1} 号机`,
      areaName: city.areaName,
      lineName: line.name,
      site,
      siteId: `S${String(siteIndex + 1).padStart(5, '0')}`,
      siteNumber: `${city.areaName === '北京' ? 'BJ' : 'SH'}-${String(siteIndex + 1).padStart(4, '0')}`,
      vender: m.pick(VENDERS),
      createTime: createdAt + DAY + i * 600,
      containers: containersFor(m, assetId),
      demand: 0.6 + m.next() * 0.9,
    });
  }
  return { seed: o.seed, lines, machines, products: [...PRODUCTS] };
}

function totalLines() {
  return CITIES.reduce((n, c) => n + c.lines.length, 0);
}

function containersFor(rng: Rng, assetId: string): SimContainer[] {
  const plan = rng.weighted(CONTAINER_PLANS, (p) => p.weight);
  return plan.types.map((type, k) => {
    const cid = k === 0 ? assetId : `${assetId}-${k + 1}`;
    const candidates = PRODUCTS.filter((p) => p.containerTypes.includes(type));
    const count = type === 1 ? rng.int(6, 10) : type === 2 ? rng.int(20, 36) : rng.int(12, 24);
    const shelves: SimShelf[] = [];
    for (let s = 0; s < count; s++) {
      const product: Product = rng.weighted(candidates, (p) => p.popularity);
      const capacity = type === 1 ? rng.int(8, 20) : type === 2 ? rng.int(6, 12) : 1;
      shelves.push({
        cid,
        locationId: String(s + 1),
        product,
        capacity,
        valve: type === 3 ? 0 : Math.max(1, Math.round(capacity * 0.2)),
      });
    }
    const coolLow = type === 1 ? rng.int(4, 6) : 0;
    return { cid, type, shelves, coolLow, coolHigh: type === 1 ? coolLow + 4 : 0 };
  });
}
