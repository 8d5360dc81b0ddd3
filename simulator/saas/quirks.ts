import type { Rng } from '../rng';
import { Decimal, RawNumber, toJson } from './money';
import type { LoginShape, SaasKnobs } from './types';

/**
 * The twin with `vendorQuirks` (docs/decisions.md D73): the SAAS platform as its own code and
 * other integrators' captures show it, not as seed 002's tables read. Callbacks leave out
 * optional members, send `Data` as text, as an object or as that object's JSON text (or not
 * at all), spell the refund number "Refund Order No", write `price` or `Price`, send ids as
 * JSON numbers and add a `timestamp` in milliseconds. Without the option none of this applies.
 */
type Body = Record<string, unknown>;

/** The knobs' defaults with the quirks on (without them: documented login, nothing left out). */
export const QUIRK_KNOBS: Pick<SaasKnobs, 'loginShape' | 'omitRate' | 'dataMissingRate'> = {
  loginShape: 'other',
  omitRate: 0.3,
  dataMissingRate: 0.02,
};

const OPTIONAL = ['Msg', 'OrderNo', 'CustomerDetails'] as const;
const DOOR_EVENTS = new Set(['OpenedDoor', 'ClosedDoor', 'CloseDoor', 'Cancel']);
/** Door events' Data when it is not empty: the platform's own words for what happened. */
const DOOR_TEXT: Record<string, string> = {
  OpenedDoor: 'Door opened',
  ClosedDoor: 'Door closed',
  CloseDoor: 'Door closed',
  Cancel: 'Order cancelled',
};

/** A digit string as a JSON number with every digit; anything else as it is. */
export function idAsNumber(v: unknown): unknown {
  return typeof v === 'string' && /^\d+$/.test(v) ? new RawNumber(v) : v;
}

/** A product line: its Id as a number, its unit price as `price` or `Price`. */
function line(l: unknown, lower: boolean): unknown {
  if (!l || typeof l !== 'object') return l;
  const { Id, Price, price, ...rest } = l as Body;
  const value = (Price ?? price) as Decimal | undefined;
  return { Id: idAsNumber(Id), ...rest, [lower ? 'price' : 'Price']: value };
}

const LISTS = ['TradeProductModels', 'OrderProducts', 'OrderRefundProducts'];

/**
 * Which of two spellings a body takes: alternating per choice across the twin's callbacks
 * (each order has its own random stream), so that a handful of orders shows every one.
 */
const turns = new Map<string, number>();
function alternate(choice: string): boolean {
  const n = (turns.get(choice) ?? 0) + 1;
  turns.set(choice, n);
  return n % 2 === 1;
}

function quirkData(data: Body): Body {
  const lower = alternate('price');
  const out: Body = {};
  for (const [k, v] of Object.entries(data)) {
    if (LISTS.includes(k) && Array.isArray(v)) out[k] = v.map((l) => line(l, lower));
    else if (k === 'RefundOrderNo') out['Refund Order No'] = idAsNumber(v);
    else if (k === 'OrderNo') out[k] = idAsNumber(v);
    else out[k] = v;
  }
  return out;
}

/** One callback body (PascalCase, before any camelCase naming) as the platform sends it. */
export function quirkCallback(body: Body, rng: Rng, knobs: SaasKnobs, nowMs: number): Body {
  const out: Body = { ...body };
  for (const key of OPTIONAL) if (key in out && rng.chance(knobs.omitRate)) delete out[key];
  if ('OrderNo' in out) out.OrderNo = idAsNumber(out.OrderNo);
  if ('OrgId' in out) out.OrgId = idAsNumber(out.OrgId);
  const action = String(out.Action);
  if (DOOR_EVENTS.has(action)) {
    if (rng.chance(knobs.omitRate)) delete out.Data;
    else out.Data = alternate(`doorData:${action}`) ? (DOOR_TEXT[action] ?? '') : '';
  } else if (out.Data && typeof out.Data === 'object') {
    if (rng.chance(knobs.dataMissingRate)) delete out.Data;
    else {
      const data = quirkData(out.Data as Body);
      out.Data = alternate(`orderData:${action}`) ? data : toJson(data);
    }
  } else if (rng.chance(knobs.omitRate)) delete out.Data;
  out.timestamp = nowMs;
  return out;
}

/** §1's answer in one of the shapes seen (the knob; `other` picks one of the undocumented). */
export function loginAnswer(
  shape: SaasKnobs['loginShape'],
  rng: Rng,
  token: { Token: string; ExpiresIn: number },
  nowMs: number,
): Body {
  const chosen: LoginShape = shape === 'other' ? (rng.chance(0.5) ? 'code' : 'lower') : shape;
  switch (chosen) {
    case 'code':
      return { Code: 200, Data: token };
    case 'lower':
      return {
        statusCode: 200,
        data: { token: token.Token, expiresIn: token.ExpiresIn },
        succeeded: true,
        errors: null,
        extras: null,
        timestamp: nowMs,
      };
    default:
      return {
        statusCode: 200,
        data: token,
        succeeded: true,
        errors: null,
        extras: null,
        timestamp: nowMs,
      };
  }
}

/** §3's goods: commodity ids as numbers, the price as `price` or `Price`. */
export function quirkCommodity(c: Body, rng: Rng): Body {
  const { commodityId, price, ...rest } = c;
  return {
    commodityId: idAsNumber(commodityId),
    ...rest,
    [rng.chance(0.5) ? 'price' : 'Price']: price,
  };
}
