import { csvLine, csvTime, csvYuan } from '@/lib/edge/csv';
import type { Translate } from '@/lib/sales/csv';
import { SETTLEMENT_ORDER } from '@/lib/sales/paystyles';
import type { Line } from './rules';
import type { VisitDetail, VisitItem } from './visits';

/** A §8.1 paySales name in the reader's language (unknown names as sent). */
export function payName(t: Translate, name: string) {
  return (SETTLEMENT_ORDER as readonly string[]).includes(name)
    ? t(`refills.payNames.${name}`)
    : name;
}

/** A container as people call it: the platform's `master` is the main cabinet. */
const containerName = (t: Translate, cid: string | null) =>
  cid === 'master' ? t('refills.container.master') : cid;

const yuan = (fen: number | null | undefined) => (fen == null ? '' : csvYuan(fen));

/** The visit list as shown: one line per visit, money in yuan, times in the fleet's zone. */
export function visitListCsv(items: readonly VisitItem[], t: Translate, tz: string) {
  let out = csvLine([
    t('refills.csv.id'),
    t('refills.columns.assetId'),
    t('refills.columns.machine'),
    t('refills.columns.site'),
    t('refills.columns.line'),
    t('refills.columns.from'),
    t('refills.columns.to'),
    t('refills.csv.reportedUnits'),
    t('refills.csv.reportedSales'),
    t('refills.csv.cash'),
    t('refills.csv.cashless'),
    t('refills.csv.expectedUnits'),
    t('refills.csv.expectedSales'),
    t('refills.columns.verdict'),
    t('refills.columns.source'),
    t('refills.csv.reviewedAt'),
    t('refills.csv.reviewedBy'),
    t('refills.csv.note'),
  ]);
  for (const v of items) {
    out += csvLine([
      v.id,
      v.assetId,
      v.machineName,
      v.siteName,
      v.lineName,
      csvTime(v.lastRefillTime, tz),
      csvTime(v.refillTime, tz),
      v.total?.units,
      yuan(v.total?.sales),
      yuan(v.cash?.sales),
      yuan(v.cashless?.sales),
      v.expected.units,
      yuan(v.expected.sales),
      t(`refills.verdicts.${v.verdict}`),
      t(`refills.sources.${v.source}`),
      csvTime(v.review?.reviewedAt, tz),
      v.review?.reviewedBy,
      v.review?.note,
    ]);
  }
  return out;
}

/** One visit: its header, the machine's payment lines, every shelf's lines, the coin check. */
export function visitCsv(v: VisitDetail, t: Translate, tz: string) {
  const r = v.reconciliation;
  const head = [
    t('refills.csv.name'),
    t('refills.csv.expectedUnits'),
    t('refills.csv.reportedUnits'),
    t('refills.csv.unitsDifference'),
    t('refills.csv.expectedSales'),
    t('refills.csv.reportedSales'),
    t('refills.csv.salesDifference'),
    t('refills.csv.status'),
  ];
  const line = (l: Line) => [
    payName(t, l.name),
    l.expected.units,
    l.reported.units,
    l.difference.units,
    yuan(l.expected.sales),
    yuan(l.reported.sales),
    yuan(l.difference.sales),
    t(`refills.status.${l.status}`),
  ];
  let out = csvLine([t('refills.detail.heading'), v.id]);
  out += csvLine([t('refills.columns.assetId'), v.assetId, v.machine?.name]);
  out += csvLine([t('refills.columns.site'), v.siteName, v.siteNumber]);
  out += csvLine([t('refills.columns.line'), v.lineName]);
  out += csvLine([
    t('refills.csv.window'),
    csvTime(r.window.from, tz),
    csvTime(r.window.to, tz),
    tz,
  ]);
  out += csvLine([t('refills.columns.source'), t(`refills.sources.${v.source}`)]);
  out += csvLine([t('refills.columns.verdict'), t(`refills.verdicts.${r.verdict}`)]);
  if (v.review)
    out += csvLine([
      t('refills.csv.note'),
      v.review.note,
      v.review.reviewedBy,
      csvTime(v.review.reviewedAt, tz),
    ]);

  out += '\r\n' + csvLine([t('refills.detail.payments')]);
  out += csvLine(head);
  for (const l of r.payments) out += csvLine(line(l));

  out += '\r\n' + csvLine([t('refills.detail.shelves')]);
  out += csvLine([
    t('refills.columns.container'),
    t('refills.columns.shelf'),
    t('refills.columns.goods'),
    t('refills.columns.stock'),
    t('refills.columns.refillCount'),
    ...head,
  ]);
  for (const s of r.shelves)
    for (const l of s.lines)
      out += csvLine([
        containerName(t, s.cid),
        s.locationId,
        s.goodsName,
        s.stock,
        s.refillCount,
        ...line(l),
      ]);

  const c = r.coins;
  if (c) {
    out += '\r\n' + csvLine([t('refills.coins.heading')]);
    out += csvLine([t('refills.coins.expectedCash'), yuan(c.expectedCash)]);
    out += csvLine([t('refills.coins.reportedCash'), yuan(c.reportedCash)]);
    out += csvLine([t('refills.coins.counted'), yuan(c.counted)]);
    out += csvLine([t('refills.coins.difference'), yuan(c.difference)]);
  }
  return out;
}
