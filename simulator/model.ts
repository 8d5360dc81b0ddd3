/** The twin's fleet: what a seeded run generates (simulator/fleet.ts). Money is fen. */

/** 0 bottle, 1 can, 2 bag, 3 box, 4 cup (seed 000 §11). */
export type PackingForm = 0 | 1 | 2 | 3 | 4;

export interface Product {
  /** Platform goods id (24 hex chars, like §2.1's goods_id). */
  goodsId: string;
  /** Goods number / barcode (§3.1 goodsNumber, §11 number), 13 digits. */
  number: string;
  name: string;
  fullName: string;
  /** Category id and name (§3.1 type/typeName, §11 typeName). */
  typeId: string;
  typeName: string;
  /** Price in fen. */
  price: number;
  packingForm: PackingForm;
  manufacturer: string;
  /** Relative demand, 1 = average. */
  popularity: number;
  /** Which container types can hold it: 1 drinks, 2 spiral, 3 locker. */
  containerTypes: readonly (1 | 2 | 3)[];
  /** Needs cooling (drinks, dairy): shapes temperatures and demand in summer. */
  chilled: boolean;
}

export interface City {
  name: string;
  /** The area (§9.1 areaName) machines in this city belong to. */
  areaName: string;
  lines: LineSpec[];
}

export interface LineSpec {
  /** Like a real metro line or district route, e.g. "地铁 10 号线" or "朝阳 CBD 线". */
  name: string;
  description: string;
  sites: SiteSpec[];
}

export interface SiteSpec {
  name: string;
  address: string;
  longitude: number;
  latitude: number;
  /** Relative footfall, 1 = average. */
  footfall: number;
  /** Office, station, school, hospital, mall, residential: shapes the daily curve. */
  kind: 'office' | 'station' | 'school' | 'hospital' | 'mall' | 'residential';
}

export interface SimShelf {
  cid: string;
  locationId: string;
  product: Product;
  capacity: number;
  valve: number;
}

export interface SimContainer {
  cid: string;
  type: 1 | 2 | 3;
  shelves: SimShelf[];
  /** Cooling band set points (°C), for drinks containers. */
  coolLow: number;
  coolHigh: number;
}

export interface SimMachine {
  assetId: string;
  name: string;
  areaName: string;
  lineName: string;
  site: SiteSpec;
  siteId: string;
  siteNumber: string;
  vender: string;
  createTime: number;
  containers: SimContainer[];
  /** Relative demand of this machine. */
  demand: number;
  /** The twin serves cabinets separately (SAAS); this fleet is the vending platform's. */
}

export interface SimLine {
  name: string;
  areaName: string;
  description: string;
  createTime: number;
  /** Refill visits every `refillEveryDays` days at `refillHour` (fleet time), offset by line. */
  refillEveryDays: number;
  refillHour: number;
  refillOffsetDays: number;
}

export interface Fleet {
  seed: number;
  lines: SimLine[];
  machines: SimMachine[];
  products: Product[];
}
