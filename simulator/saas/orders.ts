import type { Rng } from '../rng';
import { stream } from './streams';
import type { Courier, Step } from './courier';
import { ApiError } from './http';
import { planBuy, planRestock } from './plan';
import { cancelled, closedDoor, openedDoor, orderDetected } from './payloads';
import type { SaasCabinet, SaasKnobs, SaasOrder } from './types';

/** What §5 Order/OpenDoor asks for: the order's own fields. */
export type OpenDoorRequest = Pick<
  SaasOrder,
  | 'orderId'
  | 'machineId'
  | 'doorNo'
  | 'transeType'
  | 'customerDetails'
  | 'remark'
  | 'timeSp'
  | 'notifyUrl'
>;

export interface BookContext {
  seed: number;
  now: () => number;
  knobs: SaasKnobs;
  cabinets: Map<string, SaasCabinet>;
  courier: Courier;
  /** The merchant id OrderDetected carries as OrgId. */
  orgId: string;
}

/** Every door session, and the numbers the platform hands out for them. */
export class OrderBook {
  readonly byId = new Map<string, SaasOrder>();
  private readonly numbers: Rng;
  private lastTransId = 0;
  private sno: number;

  constructor(readonly ctx: BookContext) {
    this.numbers = stream(ctx.seed, 'numbers');
    this.sno = this.numbers.int(100, 900);
  }

  /** A SaasAPI order, deduction or refund number: UTC yyMMddHHmmss and six digits. */
  newOrderNo(): string {
    const d = new Date(this.ctx.now());
    const p = (n: number) => String(n).padStart(2, '0');
    const stamp = [d.getUTCFullYear() % 100, d.getUTCMonth() + 1, d.getUTCDate()]
      .concat([d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()])
      .map(p)
      .join('');
    return stamp + String(this.numbers.int(0, 999_999)).padStart(6, '0');
  }

  cabinet(machineId: string): SaasCabinet {
    const c = this.ctx.cabinets.get(machineId);
    if (!c) throw new ApiError(404, `Machine ${machineId} does not exist`);
    return c;
  }

  /** §5: the immediate answer; the door session then plays out in callbacks. */
  openDoor(r: OpenDoorRequest) {
    const cabinet = this.cabinet(r.machineId);
    if (r.doorNo < 0 || r.doorNo >= cabinet.doors) {
      const doors = cabinet.doors === 1 ? 'door 0' : `doors 0-${cabinet.doors - 1}`;
      throw new ApiError(
        400,
        `DoorNo ${r.doorNo} does not exist on machine ${r.machineId} (${doors})`,
      );
    }
    const previous = this.byId.get(r.orderId);
    if (previous && previous.state !== 'refused') {
      throw new ApiError(400, `OrderId ${r.orderId} already exists`);
    }
    const order: SaasOrder = {
      ...r,
      orderNo: this.newOrderNo(),
      createdAt: this.ctx.now(),
      currency: cabinet.currency,
      state: 'opening',
      outcome: { kind: 'normal' },
      taken: [],
      totalMinor: 0,
      billedMinor: 0,
      refundedMinor: 0,
      adjustments: [],
      refunds: [],
      payments: [],
      callbacks: [],
    };
    if (previous) this.byId.delete(r.orderId);
    this.byId.set(r.orderId, order);
    const refusal = this.refusal(cabinet, r.doorNo, order);
    if (refusal) {
      order.state = 'refused';
      order.outcome = { kind: 'refused', reason: refusal };
      return immediate(order, false, refusal, '');
    }
    const rng = stream(this.ctx.seed, 'order', r.orderId);
    const steps =
      r.transeType === 2 ? this.restock(order, cabinet, rng) : this.buy(order, cabinet, rng);
    this.ctx.courier.send(order, steps);
    return immediate(order, true, 'The door opening command was sent', order.orderNo);
  }

  /** Refusals the machine gives before any door movement (Status=false, no callbacks). */
  private refusal(cabinet: SaasCabinet, doorNo: number, order: SaasOrder): string | null {
    if (cabinet.runningState === 0) return 'The machine is locked';
    if (cabinet.signal === 0) return 'The machine is offline';
    for (const o of this.byId.values()) {
      const sameDoor = o.machineId === cabinet.machineId && o.doorNo === doorNo && o !== order;
      if (sameDoor && (o.state === 'opening' || o.state === 'opened')) {
        return `Door ${doorNo} is in use by order ${o.orderId}`;
      }
    }
    return null;
  }

  private buy(order: SaasOrder, cabinet: SaasCabinet, rng: Rng): Step[] {
    const { outcome, taken } = planBuy(rng, this.ctx.knobs, cabinet, order.doorNo);
    order.outcome = outcome;
    order.taken = taken;
    order.totalMinor = taken.reduce((s, l) => s + l.amountMinor, 0);
    const opened = this.opened(order);
    if (outcome.kind === 'cancel') {
      const cancel: Step = {
        action: 'Cancel',
        spaced: true,
        apply: () => (order.state = 'cancelled'),
        body: () => cancelled(order, outcome.reason),
      };
      return outcome.when === 'open' ? [cancel] : [opened, cancel];
    }
    const steps = [opened, this.closed(order, rng, () => this.takeStock(order, cabinet))];
    if (outcome.kind === 'never-settled') return steps;
    steps.push({
      action: 'OrderDetected',
      spaced: true,
      apply: () => {
        order.state = outcome.kind === 'recognition-failure' ? 'recognition-failed' : 'detected';
        if (outcome.kind === 'normal') order.billedMinor += order.totalMinor;
      },
      body: () => orderDetected(order, this.ctx.orgId),
    });
    return steps;
  }

  private restock(order: SaasOrder, cabinet: SaasCabinet, rng: Rng): Step[] {
    order.outcome = { kind: 'restock' };
    order.restock = {
      transId: (this.lastTransId = Math.max(this.ctx.now(), this.lastTransId + 1)),
      trackingId: rng.hex(16),
      lines: planRestock(rng, cabinet, order.doorNo, () => ++this.sno),
    };
    if (rng.chance(this.ctx.knobs.cancelRate)) {
      const reason = 'Failed to open the door';
      order.outcome = { kind: 'cancel', when: 'open', reason };
      const apply = () => (order.state = 'cancelled');
      return [{ action: 'Cancel', spaced: true, apply, body: () => cancelled(order, reason) }];
    }
    return [
      this.opened(order),
      this.closed(order, rng),
      {
        action: 'OrderDetected',
        spaced: true,
        apply: () => (order.state = 'detected'),
        body: () => orderDetected(order, this.ctx.orgId),
      },
    ];
  }

  private opened(order: SaasOrder): Step {
    const apply = () => (order.state = 'opened');
    return { action: 'OpenedDoor', spaced: true, apply, body: () => openedDoor(order) };
  }

  /** §11.2 names the event CloseDoor; the platform also sends ClosedDoor (§5's table). */
  private closed(order: SaasOrder, rng: Rng, then?: () => void): Step {
    const action = rng.chance(0.5) ? 'ClosedDoor' : 'CloseDoor';
    return {
      action,
      spaced: true,
      apply: () => {
        order.state = 'closed';
        then?.();
      },
      body: () => closedDoor(order, action),
    };
  }

  /** Goods leave the cabinet when the door closes, whatever recognition later reports. */
  private takeStock(order: SaasOrder, cabinet: SaasCabinet) {
    for (const l of order.taken) {
      const slot = cabinet.slots.find(
        (s) =>
          s.doorNo === order.doorNo && s.layerNo === l.layerNo && s.commodityId === l.commodityId,
      );
      if (slot) slot.stock = Math.max(0, slot.stock - l.pieces);
    }
  }
}

function immediate(order: SaasOrder, status: boolean, msg: string, data: string) {
  return {
    OrderId: order.orderId,
    TranseType: order.transeType,
    Action: 'PreOpenDoor',
    Status: status,
    Msg: msg,
    Data: data,
  };
}
