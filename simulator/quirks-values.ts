import type { Fleet } from './model';
import type { StatusChange, TwinTrade } from './engine';

/**
 * The values the vendor's own code sends where seed 000 reads otherwise (issue 17 item 2, 3;
 * docs/decisions.md D71), for the twin's `vendorQuirks`: temperatures as unsigned bytes, an
 * occasional missing sensor, more chambers in `temperDetail.commonField` as JSON text of JSON
 * text, times in milliseconds and as strings, integers as strings, and one machine whose clock
 * runs ahead. Every choice is a pure function of the message, so a redelivery is the same body.
 */

/**
 * How far the clock of the fleet's one fast machine runs ahead: a day (its date set wrong), so
 * even a twin replaying the last hours (the demo catching up with the wall clock) sends its
 * times ahead of their receipt.
 */
export const CLOCK_AHEAD_BY = 86_400;
/** What a sensor that is not there reads: 0xC4, −60 °C as a signed byte. */
export const NO_SENSOR = 196;
/** A freezer's band sits this far below a drinks container's (4…10 °C → −22…−16 °C). */
const FREEZER_OFFSET = 26;

/** A small stable hash of a text (FNV-1a), for choices that must not depend on the run. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const byte = (c: number) => (c < 0 ? c + 256 : c);

/**
 * Payment codes past the V0.9 table the vendor's code sends: Apple Pay, PayPal, points, Long Pay.
 * One sale in 12 (chosen by its draw, so every other sale stays as without quirks).
 */
export function quirkPayStyle(payStyle: number, noise: number): number {
  return noise % 12 === 0 ? ([17, 18, 20, 22] as const)[Math.floor(noise / 12) % 4]! : payStyle;
}

/** A payment that failed is, now and then, one that timed out (payStatus 3). */
export const quirkFailedPayStatus = (noise: number) => (noise % 3 === 0 ? 3 : 2);

export class ValueQuirks {
  /**
   * The machine whose clock runs CLOCK_AHEAD_BY ahead: the busiest (demand × footfall, the
   * first on a tie), so that a few simulated hours give it trades whatever the time of day.
   */
  readonly clockAhead: string | undefined;

  constructor(fleet: Fleet) {
    let best: { assetId: string; pull: number } | undefined;
    for (const m of fleet.machines) {
      const pull = m.demand * m.site.footfall;
      if (!best || pull > best.pull) best = { assetId: m.assetId, pull };
    }
    this.clockAhead = best?.assetId;
  }

  /** Every fourth machine keeps ice cream: its readings and set points are below zero. */
  isFreezer(assetId: string): boolean {
    return hash(`freezer:${assetId}`) % 4 === 0 && assetId !== this.clockAhead;
  }

  /** A time as this machine's clock states it, in the shape this message uses. */
  private time(assetId: string, t: number, shape: number): number | string {
    const stated = t + (assetId === this.clockAhead ? CLOCK_AHEAD_BY : 0);
    if (shape % 3 === 0) return String(stated);
    if (shape % 3 === 1) return stated * 1000;
    return String(stated * 1000);
  }

  trade(t: TwinTrade, payload: Record<string, unknown>): Record<string, unknown> {
    const shape = hash(t.id + t.refundStatus);
    const time = (v: number) => (v ? this.time(t.assetId, v, shape) : '');
    return {
      ...payload,
      payTime: time(t.payTime),
      createTime: time(t.createTime),
      refundTime: time(t.refundTime),
      exec_ts: t.execTs ? this.time(t.assetId, t.execTs, shape + 1) : '',
    };
  }

  status(assetId: string, payload: Record<string, unknown>, s: StatusChange) {
    const out: Record<string, unknown> = { ...payload };
    for (const k of ['online', 'vmcOnline', 'isSale', 'coin5Count', 'coin10Count'] as const)
      if (s[k] !== undefined) out[k] = String(s[k]);
    if (s.shelvesState)
      out.shelvesState = s.shelvesState.map((x, i) => ({
        ...x,
        state: String(x.state),
        ...(x.soldoutTime !== undefined && {
          soldoutTime: this.time(assetId, x.soldoutTime, hash(assetId) + i),
        }),
      }));
    if (s.temperState)
      out.temperState = s.temperState.map((x) => ({
        cid: x.cid,
        temperDetail: this.temperDetail(assetId, x.temperDetail),
      }));
    return out;
  }

  /**
   * Temperatures as unsigned bytes (a freezer's −18 °C is 238), now and then a room without its
   * sensor, and two more chambers in commonField, the second of them without a sensor.
   */
  private temperDetail(assetId: string, d: Record<string, number | string>) {
    const shift = this.isFreezer(assetId) ? FREEZER_OFFSET : 0;
    const c = (k: string) => Number(d[k]) - shift;
    const out: Record<string, number | string> = { ...d };
    for (const k of ['cryTemUL', 'cryTemDL', 'leftRmTem', 'rightRmTem'])
      if (d[k] !== undefined) out[k] = byte(c(k));
    const shape = hash(`${assetId}:${d.leftRmTem}:${d.rightRmTem}`);
    if (shape % 10 === 0) out.rightRmTem = NO_SENSOR;
    if (shape % 2 === 0) out.leftRmTem = String(out.leftRmTem);
    const chambers = {
      wh1: byte(Math.round((c('leftRmTem') + c('rightRmTem')) / 2)),
      wh2: NO_SENSOR,
    };
    out.commonField = JSON.stringify(JSON.stringify(chambers));
    return out;
  }
}
