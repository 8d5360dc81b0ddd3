import type { MeterType } from './types';

/** A product the fleet's cabinets can hold. Prices are decimal text per currency. */
export interface CatalogueItem {
  name: string;
  sku: string;
  /** Grams of one piece (for weight-priced goods: a typical stocked piece). */
  grams: number;
  meterType: MeterType;
  /** Per piece, or per kilogram for MeterType 2. */
  prices: { CNY: string; USD: string };
  /** Perishable: only stocked in chilled cabinets. */
  fresh?: boolean;
}

export type Currency = keyof CatalogueItem['prices'];

const piece = (
  name: string,
  sku: string,
  grams: number,
  cny: string,
  usd: string,
  fresh = false,
): CatalogueItem => ({ name, sku, grams, meterType: 1, prices: { CNY: cny, USD: usd }, fresh });

const byWeight = (
  name: string,
  sku: string,
  grams: number,
  cny: string,
  usd: string,
): CatalogueItem => ({
  name,
  sku,
  grams,
  meterType: 2,
  prices: { CNY: cny, USD: usd },
  fresh: true,
});

export const CATALOGUE: readonly CatalogueItem[] = [
  piece('Wahaha Mineral Water 596ml', '69353535', 596, '3.00', '1.49'),
  piece('Oriental Leaves 300ml', '69442310', 300, '3.00', '1.49'),
  piece('Coca-Cola 330ml Can', '69010251', 350, '3.50', '1.99'),
  piece('Sprite 500ml', '69010275', 520, '3.50', '1.99'),
  piece('Nongfu Spring 550ml', '69212971', 560, '2.00', '0.99'),
  piece('Red Bull 250ml', '69021343', 270, '6.00', '2.99'),
  piece('Vita Lemon Tea 500ml', '69048731', 510, '4.00', '1.79'),
  piece('Master Kong Iced Tea 500ml', '69020557', 510, '3.50', '1.59'),
  piece('Pocari Sweat 500ml', '69031826', 520, '6.00', '2.49'),
  piece('Starbucks Frappuccino 281ml', '69047913', 300, '12.00', '3.99'),
  piece('Mengniu Pure Milk 250ml', '69225060', 260, '4.00', '1.79', true),
  piece('Yili Greek Yogurt 200g', '69216620', 210, '6.50', '2.49', true),
  piece('Yakult 5 x 100ml', '69013745', 520, '12.50', '4.49', true),
  piece('Oreo Cookies 97g', '69019260', 100, '7.50', '2.49'),
  piece("Lay's Classic Chips 70g", '69245280', 75, '7.00', '2.29'),
  piece('Pringles Original 110g', '69038744', 160, '11.00', '2.99'),
  piece('Snickers Bar 51g', '69029105', 55, '5.00', '1.49'),
  piece('KitKat 4 Finger 41.5g', '69044622', 45, '4.50', '1.29'),
  piece('Want Want Rice Crackers 52g', '69019871', 56, '4.00', '1.19'),
  piece('Ham & Cheese Sandwich', '69300112', 180, '14.00', '4.99', true),
  piece('Tuna Onigiri', '69300129', 110, '8.50', '2.99', true),
  piece('Chicken Caesar Wrap', '69300136', 210, '18.00', '5.99', true),
  piece('Greek Salad Bowl', '69300143', 300, '22.00', '6.99', true),
  piece('Banana Bread Slice', '69300150', 90, '9.00', '2.79'),
  byWeight('Fuji Apples (per kg)', '69400018', 220, '16.00', '5.99'),
  byWeight('Cherry Tomatoes (per kg)', '69400025', 250, '24.00', '7.99'),
  byWeight('Seedless Grapes (per kg)', '69400032', 500, '28.00', '8.99'),
  byWeight('Mixed Nuts (per kg)', '69400049', 150, '88.00', '24.99'),
  byWeight('Bananas (per kg)', '69400056', 180, '12.00', '3.49'),
];

export const SITES = [
  'Lobby',
  'Gym',
  'Office 3F',
  'Metro Exit B',
  'Campus Library',
  'Hospital Wing A',
  'Hotel Lounge',
  'Coworking Hub',
  'Airport Gate 12',
  'Factory Canteen',
] as const;

/** §11.4 / §12.1: reasons a recognition is left to the merchant (TradeProcessMode 2). */
export const INTERRUPT_REASONS = [
  'Block the camera',
  'Replace the goods in the cabinet',
  'Insert foreign matter',
  'Malicious destruction of goods',
  'Cover the product',
  'Long shopping time',
  'Suspected merchant replenishment',
  'Other abnormal behaviors',
  'The video is incomplete or the screen is distorted',
  'The product in the device is not replenished',
  'Products are too similar',
  'The video is too long after closing',
  'Power outage during purchase',
] as const;

/** §11.4: recognition exceptions (Status=false, Msg=reason), by container type. */
export const RECOGNITION_FAILURES = {
  gravity: [
    'The gravity cabinet recognition is abnormal and the gravity data is not uploaded',
    'Unable to obtain sensor data',
    'Abnormal overweight',
    'Open door product snapshot query failed',
    'The number of mirrored items is less than the number of identified items.',
  ],
  visual: [
    'Failed to construct the identification request object',
    'Failed to obtain the identification request object',
    'Failed to obtain video',
    'No video',
    'Order item mirror table query failed',
    'Failed to identify the platform',
  ],
} as const;

export const OPEN_FAILURES = [
  'Failed to open the door',
  'The machine did not respond to the open command',
  'The door lock is faulty',
] as const;

export const CLOSE_FAILURES = [
  'The machine reported an exception when closing the door',
  'The door was not closed properly',
] as const;
