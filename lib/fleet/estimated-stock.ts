/**
 * Estimated stock of one shelf: what the machine's last refill settlement (§8.1) said was left
 * on it, less what we have seen it deliver since. Pure, so the machine page and route planning
 * agree on one definition.
 */
export interface StockBasis {
  /** The shelf reports sold out (§4.1 shelvesState state 1). */
  soldOut: boolean;
  /** `stock` of the shelf in its last refill settlement; null when no refill is known. */
  refillStock: number | null;
  /** Units delivered from the shelf by our own trades after that refill's refillTime. */
  soldSinceRefill: number;
}

/**
 * 0 when the shelf reports sold out (the machine's own word beats our arithmetic); null
 * (unknown) when no refill is known; else `refillStock − soldSinceRefill`, floored at 0 (trades
 * the settlement already counted, or a miscount at the machine, must not make stock negative).
 */
export function estimatedStock(b: StockBasis): number | null {
  if (b.soldOut) return 0;
  if (b.refillStock === null) return null;
  return Math.max(0, b.refillStock - Math.max(0, b.soldSinceRefill));
}

export type StockLevel = 'sold_out' | 'low' | 'ok' | 'unknown';

/**
 * How a shelf is coloured on the map. Sold out is the machine's word only; an estimate of 0
 * without it is "low" (the estimate may be behind a refill we have not heard of). Low: at or
 * under the refill threshold (`valve`, §2.1). Unknown: no refill known and not sold out.
 */
export function stockLevel(s: {
  soldOut: boolean;
  estimated: number | null;
  valve: number | null;
}): StockLevel {
  if (s.soldOut) return 'sold_out';
  if (s.estimated === null) return 'unknown';
  if (s.estimated <= (s.valve ?? 0)) return 'low';
  return 'ok';
}
