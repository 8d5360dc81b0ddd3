import { csvLine, csvTime } from '@/lib/edge/csv';
import type { Translate } from '@/lib/sales/labels';
import type { FoodSafetyReport, FoodSafetyRow } from './food-safety-read';

/** A container's name as the machine page gives it: the main cabinet, or its id. */
export const containerName = (t: Translate, cid: string) =>
  cid === 'master' ? t('reports.foodSafety.master') : t('reports.foodSafety.container', { cid });

/** A room's name: left, right, or a chamber (wh1…). */
export const roomName = (t: Translate, room: string) =>
  room === 'left' || room === 'right'
    ? t(`reports.foodSafety.${room}`)
    : t('reports.foodSafety.chamber', { name: room });

const COLUMNS = [
  'day',
  'assetId',
  'machine',
  'line',
  'container',
  'room',
  'readings',
  'minutesOut',
  'minutesNoData',
  'peak',
  'peakAt',
  'band',
  'longest',
  'longestStart',
] as const;

function cells(r: FoodSafetyRow, t: Translate, tz: string) {
  return [
    r.day,
    r.assetId,
    r.name,
    r.lineName,
    containerName(t, r.cid),
    roomName(t, r.room),
    r.readings,
    r.minutesOut,
    r.minutesNoData,
    r.peak?.value ?? null,
    csvTime(r.peak?.at, tz),
    r.peak ? `${r.peak.low}…${r.peak.high}` : null,
    r.longest?.minutes ?? null,
    csvTime(r.longest?.start, tz),
  ];
}

/** The record as CSV, headed in the reader's language; times in the fleet's time zone. */
export function foodSafetyCsv(r: FoodSafetyReport, t: Translate): string {
  let out = csvLine([t('reports.foodSafety.csv.title')]);
  out += csvLine([t('reports.foodSafety.csv.range'), r.from, r.to, r.timeZone]);
  out += csvLine([t('reports.foodSafety.csv.tolerance'), r.tolerance]);
  out += '\r\n' + csvLine(COLUMNS.map((c) => t(`reports.foodSafety.columns.${c}`)));
  for (const row of r.rows) out += csvLine(cells(row, t, r.timeZone));
  return out;
}
