import { stream } from './streams';
import { CATALOGUE, SITES, type CatalogueItem, type Currency } from './catalogue';
import { parseAmount } from './money';
import type { SaasCabinet, SaasCommodity, StockSlot } from './types';

const DAY_MS = 86_400_000;
const FLEET_START = Date.UTC(2024, 0, 1);

interface FleetProduct {
  item: CatalogueItem;
  commodityId: string;
  pictureUrl: string;
}

/** A seeded fleet of AI cabinets: the same seed gives the same cabinets, field for field. */
export function generateCabinets(seed: number, count: number): SaasCabinet[] {
  const products = fleetProducts(seed);
  return Array.from({ length: count }, (_, i) => cabinet(seed, i, products));
}

/** Commodity ids are the SAAS platform's, shared by every cabinet of the merchant. */
function fleetProducts(seed: number): FleetProduct[] {
  const rng = stream(seed, 'catalogue');
  return CATALOGUE.map((item) => {
    let commodityId = String(rng.int(1, 2));
    while (commodityId.length < 16) commodityId += String(rng.int(0, 9));
    return {
      item,
      commodityId,
      pictureUrl: `https://ourvendv3.oss-cn-qingdao.aliyuncs.com/ProductImage/${rng.hex(16)}.jpg`,
    };
  });
}

function cabinet(seed: number, index: number, products: FleetProduct[]): SaasCabinet {
  const rng = stream(seed, 'cabinet', index);
  const installed = new Date(FLEET_START + rng.int(0, 540) * DAY_MS);
  // The sequence keeps ids unique within the fleet whatever install dates are drawn.
  const machineId = yymmdd(installed) + String((index + 1) % 10_000).padStart(4, '0');
  const kind = rng.chance(0.5) ? 'gravity' : 'visual';
  const chilled = rng.chance(0.8);
  const currency: Currency = rng.chance(2 / 3) ? 'CNY' : 'USD';
  const doors = rng.chance(0.3) ? 2 : 1;
  const commodities: SaasCommodity[] = [];
  const slots: StockSlot[] = [];
  const eligible = products.filter(
    (p) => (kind === 'gravity' || p.item.meterType === 1) && (chilled || !p.item.fresh),
  );
  for (let doorNo = 0; doorNo < doors; doorNo++) {
    // One commodity per layer position and each at most once per door: §3 lists a commodity
    // once per door, so its stock is one slot.
    const pool = rng.shuffle([...eligible]);
    const layers = rng.int(4, 5);
    for (let layerNo = 1; layerNo <= layers && pool.length; layerNo++) {
      const perLayer = rng.int(1, 3);
      for (let k = 0; k < perLayer && pool.length; k++) {
        const p = pool.pop()!;
        const capacity = p.item.meterType === 2 ? rng.int(6, 15) : rng.int(4, 12);
        const markup = rng.chance(0.2) ? (currency === 'CNY' ? 50 : 20) : 0;
        commodities.push({
          commodityId: p.commodityId,
          name: p.item.name,
          sku: p.item.sku,
          weight: p.item.meterType === 2 ? 1000 : p.item.grams,
          meterType: p.item.meterType,
          pieceGrams: p.item.grams,
          priceMinor: parseAmount(p.item.prices[currency])! + markup,
          pictureUrl: p.pictureUrl,
          doorNo,
        });
        slots.push({
          doorNo,
          layerNo,
          commodityId: p.commodityId,
          capacity,
          stock: capacity - rng.int(0, Math.floor(capacity / 2)),
        });
      }
    }
  }
  const unnamed = rng.chance(0.25);
  const site = rng.pick(SITES);
  return {
    machineId,
    // §2's example machine is named after its id, as cabinets are until the merchant names them.
    name: unnamed ? machineId : `${site} ${chilled ? 'Smart Fridge' : 'Smart Cabinet'}`,
    kind,
    chilled,
    signal: rng.weighted([5, 4, 3, 2, 1, 0], (s) => [30, 30, 20, 10, 6, 4][5 - s]!),
    temperature: String(chilled ? rng.int(3, 8) : rng.int(21, 27)),
    runningState: rng.chance(0.92) ? 1 : 0,
    currency,
    preAuthorLimit:
      currency === 'CNY' ? rng.pick(['100', '200', '300']) : rng.pick(['30', '50', '100']),
    qrCodeUrl: machineId,
    doors,
    commodities,
    slots,
  };
}

function yymmdd(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return p(d.getUTCFullYear() % 100) + p(d.getUTCMonth() + 1) + p(d.getUTCDate());
}
