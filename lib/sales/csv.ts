import { csvLine, csvTime, csvYuan } from '@/lib/edge/csv';
import { STAT_CATEGORIES } from '@/lib/sales/paystyles';
import type { SalesFilters } from './filters';
import { payStyleName, type Translate } from './labels';
import type { SalesReport } from './report';

export type { Translate };
type T = Translate;

const CATEGORIES = [...STAT_CATEGORIES.map(([name]) => name), 'other'];

/**
 * The statistics page as CSV: what it shows, in the same sections and order, headed in the
 * reader's language; money in yuan with two decimals, times in the fleet's time zone.
 */
export function salesReportCsv(r: SalesReport, f: SalesFilters, t: T): string {
  const tz = r.timeZone;
  const money = (m: { gross: number; refunds: number; net: number }) => [
    csvYuan(m.gross),
    csvYuan(m.refunds),
    csvYuan(m.net),
  ];
  const moneyHeads = ['gross', 'refunds', 'net'].map((c) =>
    t('sales.csv.yuan', { label: t(`sales.columns.${c}`) }),
  );
  const filters = [
    f.areaName && `${t('sales.filters.area')}: ${f.areaName}`,
    f.lineName && `${t('sales.filters.line')}: ${f.lineName}`,
    f.siteName && `${t('sales.filters.site')}: ${f.siteName}`,
    f.assetIds && `${t('sales.filters.machine')}: ${f.assetIds.join(' ')}`,
    f.goodsIds && `${t('sales.filters.goods')}: ${f.goodsIds.join(' ')}`,
    f.payStyles &&
      `${t('sales.filters.payment')}: ${f.payStyles.map((p) => payStyleName(t, p)).join(' ')}`,
  ].filter(Boolean);
  const s = r.statistic;
  let out = csvLine([t('sales.csv.title')]);
  out += csvLine([
    t('sales.csv.range'),
    csvTime(r.startTime, tz, 'yyyy-MM-dd HH:mm:ss'),
    csvTime(r.endTime, tz, 'yyyy-MM-dd HH:mm:ss'),
    tz,
  ]);
  out += csvLine([
    t('sales.csv.filters'),
    filters.length ? filters.join('; ') : t('sales.csv.none'),
  ]);

  out += '\r\n' + csvLine([t('sales.totals.heading')]);
  out += csvLine([t('sales.columns.field'), t('sales.columns.units'), t('sales.csv.amount')]);
  out += csvLine([t('sales.totals.gross'), s.count, csvYuan(r.grossAmount)]);
  out += csvLine([t('sales.totals.refunds'), r.refundedTrades, csvYuan(s.refundAmount!)]);
  out += csvLine([t('sales.totals.net'), s.count, csvYuan(s.amount!)]);
  out += csvLine([t('sales.totals.online'), s.onlineCount, csvYuan(s.onlineAmount!)]);
  out += csvLine([t('sales.totals.offline'), s.outlineCount, csvYuan(s.outlineAmount!)]);
  for (const c of CATEGORIES)
    out += csvLine([t(`sales.categories.${c}`), s[`${c}Count`], csvYuan(s[`${c}Amount`]!)]);

  out += '\r\n' + csvLine([t('sales.byPayment.heading')]);
  out += csvLine([t('sales.columns.payment'), t('sales.columns.units'), ...moneyHeads]);
  for (const p of r.byPayStyle) out += csvLine([payStyleName(t, p.payStyle), p.units, ...money(p)]);

  out += '\r\n' + csvLine([t('sales.timeline.heading'), t(`sales.timeline.${r.granularity}`)]);
  out += csvLine([t('sales.columns.period'), t('sales.columns.units'), ...moneyHeads]);
  for (const p of r.timeline) out += csvLine([csvTime(p.start, tz), p.units, ...money(p)]);

  out += '\r\n' + csvLine([t('sales.topGoods.heading')]);
  out += csvLine([
    t('sales.columns.goods'),
    t('sales.columns.number'),
    t('sales.columns.goodsId'),
    t('sales.columns.units'),
    ...moneyHeads,
  ]);
  for (const g of r.topGoods)
    out += csvLine([g.name ?? g.goodsId, g.number, g.goodsId, g.units, ...money(g)]);

  out += '\r\n' + csvLine([t('sales.machines.heading')]);
  out += csvLine([
    t('sales.columns.assetId'),
    t('sales.columns.machine'),
    t('sales.columns.site'),
    t('sales.columns.line'),
    t('sales.columns.units'),
    ...moneyHeads,
  ]);
  for (const m of r.machines.items)
    out += csvLine([m.assetId, m.name, m.siteName, m.lineName, m.units, ...money(m)]);
  return out;
}
