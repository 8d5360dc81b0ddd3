import type { Rng } from '../rng';
import {
  CLOSE_FAILURES,
  INTERRUPT_REASONS,
  OPEN_FAILURES,
  RECOGNITION_FAILURES,
} from './catalogue';
import { weightAmount } from './money';
import type { Outcome, RestockLine, SaasCabinet, SaasKnobs, TakenLine } from './types';

/**
 * What happens in one door session, drawn from the order's own seeded stream. The knob draws
 * are independent and in a fixed order, so a rate of 1 forces its outcome whatever the others.
 */
export function planBuy(
  rng: Rng,
  knobs: SaasKnobs,
  cabinet: SaasCabinet,
  doorNo: number,
): { outcome: Outcome; taken: TakenLine[] } {
  if (rng.chance(knobs.cancelRate)) {
    const when = rng.chance(0.75) ? 'open' : 'close';
    const reason = rng.pick(when === 'open' ? OPEN_FAILURES : CLOSE_FAILURES);
    return { outcome: { kind: 'cancel', when, reason }, taken: [] };
  }
  const taken = customerTake(rng, cabinet, doorNo);
  if (rng.chance(knobs.neverSettleRate)) return { outcome: { kind: 'never-settled' }, taken };
  if (rng.chance(knobs.recognitionFailureRate)) {
    const reason = rng.pick(RECOGNITION_FAILURES[cabinet.kind]);
    return { outcome: { kind: 'recognition-failure', reason }, taken };
  }
  if (rng.chance(knobs.processMode2Rate)) {
    return { outcome: { kind: 'interrupted', reason: rng.pick(INTERRUPT_REASONS) }, taken };
  }
  // "Open but no shopping" is what mode 1 means, so the customer took nothing.
  if (rng.chance(knobs.processMode1Rate) || taken.length === 0) {
    return { outcome: { kind: 'no-shopping' }, taken: [] };
  }
  return { outcome: { kind: 'normal' }, taken };
}

/** A customer takes one to three kinds of goods, one or two of each, from what is there. */
function customerTake(rng: Rng, cabinet: SaasCabinet, doorNo: number): TakenLine[] {
  const available = cabinet.slots.filter((s) => s.doorNo === doorNo && s.stock > 0);
  const kinds = Math.min(
    available.length,
    rng.weighted([1, 2, 3], (n) => [60, 30, 10][n - 1]!),
  );
  return rng
    .shuffle([...available])
    .slice(0, kinds)
    .map((slot) => {
      const c = cabinet.commodities.find(
        (x) => x.commodityId === slot.commodityId && x.doorNo === doorNo,
      )!;
      const pieces = Math.min(slot.stock, rng.chance(0.75) ? 1 : 2);
      let grams = 0;
      for (let i = 0; i < pieces; i++) grams += Math.round(c.pieceGrams * (0.8 + 0.4 * rng.next()));
      const amountMinor =
        c.meterType === 2 ? weightAmount(grams, c.priceMinor) : pieces * c.priceMinor;
      return {
        commodityId: c.commodityId,
        name: c.name,
        layerNo: slot.layerNo,
        meterType: c.meterType,
        pieces,
        grams,
        priceMinor: c.priceMinor,
        amountMinor,
        pictureUrl: c.pictureUrl,
      };
    });
}

/** A restocker tops most layers of the door up, some only partly. */
export function planRestock(
  rng: Rng,
  cabinet: SaasCabinet,
  doorNo: number,
  nextSno: () => number,
): RestockLine[] {
  const lines: RestockLine[] = [];
  for (const slot of cabinet.slots) {
    if (slot.doorNo !== doorNo) continue;
    const deficit = slot.capacity - slot.stock;
    if (deficit <= 0 || !rng.chance(0.85)) continue;
    const spotCount = rng.chance(0.8) ? deficit : rng.int(1, deficit);
    const c = cabinet.commodities.find(
      (x) => x.commodityId === slot.commodityId && x.doorNo === doorNo,
    )!;
    lines.push({
      commodityId: c.commodityId,
      name: c.name,
      layerNo: slot.layerNo,
      meterType: c.meterType,
      priceMinor: c.priceMinor,
      pictureUrl: c.pictureUrl,
      spotCount,
      stockCount: slot.stock + spotCount,
      sno: nextSno(),
    });
  }
  return lines;
}
