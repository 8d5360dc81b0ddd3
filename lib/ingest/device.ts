import 'server-only';
import { noteMachineChanged } from '@/lib/alerts/changed';
import { touchMachine, type IngestContext } from './context';
import type { DeviceMessage } from '@/lib/ingest/push/schemas';
import { ensureLine, ensureSite } from '@/db/queries/org';
import {
  placeMachine,
  replacePlanogram,
  upsertGoods,
  type PlanogramContainer,
  type PlanogramShelf,
} from '@/db/queries/machines';

type RawShelf = DeviceMessage['containers'][number];

function toShelf(s: Record<string, unknown> & RawShelf): PlanogramShelf {
  const raw = s as Record<string, string | number | undefined>;
  return {
    locationId: String(raw.location_id),
    goodsId: raw.goods_id as string | undefined,
    goodsName: raw.goods_name as string | undefined,
    price: raw.price as number | undefined,
    capacity: raw.capacity as number | undefined,
    valve: raw.valve as number | undefined,
    img: (raw.img ?? raw.Img) as string | undefined,
    imgMd5: (raw.Imgmd5 ?? raw.imgmd5) as string | undefined,
  };
}

/** Both forms of §2.1: containers with nested shelves, or shelves flattened into containers. */
export function planogramOf(msg: DeviceMessage): PlanogramContainer[] {
  const byCid = new Map<string, PlanogramContainer>();
  for (const item of msg.containers) {
    if ('shelves' in item && Array.isArray(item.shelves)) {
      const c = { cid: String(item.cid), type: item.type, shelves: item.shelves.map(toShelf) };
      const prev = byCid.get(c.cid);
      if (prev) prev.shelves.push(...c.shelves);
      else byCid.set(c.cid, c);
    } else {
      const cid = (item.cid as string | undefined) ?? msg.assetId;
      const c = byCid.get(cid) ?? { cid, type: item.type as number | undefined, shelves: [] };
      c.shelves.push(toShelf(item));
      byCid.set(cid, c);
    }
  }
  return [...byCid.values()];
}

export async function projectDevice(ctx: IngestContext, msg: DeviceMessage) {
  const { db: tx, receivedAt: at } = ctx;
  const lineId = msg.lineName
    ? await ensureLine(tx, { name: msg.lineName, origin: 'push', at })
    : undefined;
  const siteId = msg.siteName
    ? await ensureSite(tx, {
        name: msg.siteName,
        lineId,
        longitude: msg.location?.longitude,
        latitude: msg.location?.latitude,
        origin: 'push',
        at,
      })
    : undefined;
  await touchMachine(ctx, msg.assetId);
  noteMachineChanged(msg.assetId); // a planogram or a restock: what shelves' alerts watch
  await placeMachine(tx, { assetId: msg.assetId, name: msg.name, siteId, lineId, at });
  const planogram = planogramOf(msg);
  await replacePlanogram(tx, msg.assetId, planogram);
  for (const s of planogram.flatMap((c) => c.shelves)) {
    if (s.goodsId) {
      await upsertGoods(tx, {
        goodsId: s.goodsId,
        name: s.goodsName,
        price: s.price,
        img: s.img,
        imgMd5: s.imgMd5,
        at,
      });
    }
  }
}
