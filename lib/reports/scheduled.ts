import 'server-only';
import type { Db } from '@/db/client';
import { offlineMachines, staleMachines } from '@/db/queries/overview';
import { csvLine, csvTime, csvYuan } from '@/lib/edge/csv';
import { formatFen } from '@/lib/money';
import type { ReportNotice } from '@/lib/notifications/notice';
import { visitListCsv } from '@/lib/refills/csv';
import { visitList, type VisitItem } from '@/lib/refills/visits';
import { payStyleName, type Translate } from '@/lib/sales/labels';
import { salesReport } from '@/lib/sales/report';
import { foodSafetyCsv, containerName, roomName } from './food-safety-csv';
import { foodSafetyReport } from './food-safety-read';
import { dayBounds } from './food-safety';

import type { ScheduledReport } from './kinds';
import { mapSeries } from '@/lib/ops/series';

export { SCHEDULED_REPORTS, type ScheduledReport } from './kinds';

export interface ReportDay {
  /** The local day reported on, yyyy-MM-dd: the day before the schedule's. */
  day: string;
  timeZone: string;
  /** When it is built: a machine silent or offline since a day before this is listed. */
  now: number;
}

type Report = ReportNotice['report'];
type Build = (
  db: Db,
  d: ReportDay & { start: number; end: number },
  t: Translate,
  locale: string,
) => Promise<Report>;

/** Lines of a message: at most this many items named, then "and N more". */
const SHOWN = 5;
const more = (t: Translate, n: number) =>
  n > SHOWN ? [t('reports.message.more', { count: n - SHOWN })] : [];

const dailySales: Build = async (db, d, t, locale) => {
  const r = await salesReport(
    db,
    { startTime: d.start, endTime: d.end - 1 },
    { timeZone: d.timeZone, machineLimit: 100_000 },
  );
  const byLine = new Map<string, { units: number; net: number }>();
  for (const m of r.machines.items) {
    const key = m.lineName ?? (await t('reports.message.noLine'));
    const x = byLine.get(key) ?? { units: 0, net: 0 };
    byLine.set(key, { units: x.units + m.units, net: x.net + m.net });
  }
  const lines = [...byLine].sort((a, b) => b[1].net - a[1].net);
  const money = (fen: number) => formatFen(fen, locale);
  const text = [
    await t('reports.message.salesTotal', {
      day: d.day,
      net: money(r.statistic.amount ?? 0),
      units: r.statistic.count ?? 0,
      refunds: money(r.statistic.refundAmount ?? 0),
    }),
    ...(lines.length ? [await t('reports.message.byLine')] : []),
    ...(await mapSeries(
      lines.slice(0, SHOWN),
      async ([name, x]) => await t('reports.message.item', { name, value: money(x.net) }),
    )),
    ...more(t, lines.length),
    ...(r.byPayStyle.length ? [await t('reports.message.byPayment')] : []),
    ...(await mapSeries(
      r.byPayStyle.slice(0, SHOWN),
      async (p) =>
        await t('reports.message.item', {
          name: payStyleName(t, p.payStyle),
          value: money(p.net),
        }),
    )),
  ];
  const head = async (k: string) => await t(`reports.csv.${k}`);
  let csv = csvLine([await t('reports.names.dailySales'), d.day, d.timeZone]);
  csv += '\r\n' + csvLine([await head('line'), await head('units'), await head('net')]);
  for (const [name, x] of lines) csv += csvLine([name, x.units, csvYuan(x.net)]);
  csv +=
    '\r\n' +
    csvLine([
      await head('payment'),
      await head('units'),
      await head('gross'),
      await head('refunds'),
      await head('net'),
    ]);
  for (const p of r.byPayStyle)
    csv += csvLine([
      payStyleName(t, p.payStyle),
      p.units,
      csvYuan(p.gross),
      csvYuan(p.refunds),
      csvYuan(p.net),
    ]);
  return {
    title: await t('reports.message.title.dailySales', { day: d.day }),
    text: text.join('\n'),
    attachment: attach('sales', d.day, csv),
  };
};

/** The most visits one report reconciles. */
const MAX_VISITS = 2000;

const refillVariances: Build = async (db, d, t, locale) => {
  const all: VisitItem[] = [];
  for (let next: number | null = 0; next !== null && all.length < MAX_VISITS;) {
    const page = await visitList(
      db,
      { from: d.start, to: d.end - 1 },
      { limit: 500, offset: next },
    );
    all.push(...page.items);
    next = page.nextOffset;
  }
  const off = all.filter((v) => v.verdict !== 'matched');
  const text = [
    await t('reports.message.refillTotal', {
      day: d.day,
      visits: all.length,
      variances: off.length,
    }),
    ...(await mapSeries(
      off.slice(0, SHOWN),
      async (v) =>
        await t('reports.message.visit', {
          name: v.machineName ?? v.assetId,
          verdict: await t(`refills.verdicts.${v.verdict}`),
          reported: formatFen(v.total?.sales ?? 0, locale),
          expected: formatFen(v.expected.sales, locale),
        }),
    )),
    ...more(t, off.length),
  ];
  return {
    title: await t('reports.message.title.refillVariances', { day: d.day }),
    text: text.join('\n'),
    attachment: attach('refill-variances', d.day, visitListCsv(off, t, d.timeZone)),
  };
};

/** The most machines a silent-machines report lists. */
const MAX_SILENT = 5000;

const silentMachines: Build = async (db, d, t) => {
  const before = d.now - 86_400;
  const offline = await offlineMachines(db, { before, limit: MAX_SILENT });
  const seen = new Set(offline.map((m) => m.assetId));
  const silent = (await staleMachines(db, { before, limit: MAX_SILENT })).filter(
    (m) => !seen.has(m.assetId),
  );
  const rows = [
    ...(await mapSeries(offline, async (m) => ({
      ...m,
      state: await t('reports.message.offline'),
    }))),
    ...(await mapSeries(silent, async (m) => ({ ...m, state: await t('reports.message.silent') }))),
  ].sort((a, b) => a.since - b.since);
  const time = (s: number) => csvTime(s, d.timeZone);
  const text = [
    await t('reports.message.silentTotal', { offline: offline.length, silent: silent.length }),
    ...(await mapSeries(
      rows.slice(0, SHOWN),
      async (m) =>
        await t('reports.message.silentItem', {
          name: m.name ?? m.assetId,
          state: m.state,
          since: time(m.since),
        }),
    )),
    ...more(t, rows.length),
  ];
  const head = async (k: string) => await t(`reports.csv.${k}`);
  let csv = csvLine([
    await head('assetId'),
    await head('machine'),
    await head('site'),
    await head('line'),
    await head('state'),
    await head('since'),
  ]);
  for (const m of rows)
    csv += csvLine([m.assetId, m.name, m.siteName, m.lineName, m.state, time(m.since)]);
  return {
    title: await t('reports.message.title.silentMachines', { day: d.day }),
    text: text.join('\n'),
    attachment: attach('silent-machines', d.day, csv),
  };
};

const foodSafety: Build = async (db, d, t) => {
  const r = await foodSafetyReport(db, {
    from: d.day,
    to: d.day,
    timeZone: d.timeZone,
    now: d.now,
  });
  const out = r.rows.filter((x) => x.minutesOut > 0).sort((a, b) => b.minutesOut - a.minutesOut);
  const text = [
    await t('reports.message.foodTotal', { day: d.day, rooms: r.rows.length, out: out.length }),
    ...(await mapSeries(
      out.slice(0, SHOWN),
      async (x) =>
        await t('reports.message.foodItem', {
          name: x.name ?? x.assetId,
          container: containerName(t, x.cid),
          room: roomName(t, x.room),
          minutes: x.minutesOut,
          peak: x.peak?.value ?? '',
        }),
    )),
    ...more(t, out.length),
  ];
  return {
    title: await t('reports.message.title.foodSafety', { day: d.day }),
    text: text.join('\n'),
    attachment: attach('food-safety', d.day, foodSafetyCsv(r, t)),
  };
};

const attach = (name: string, day: string, csv: string) => ({
  filename: `${name}-${day}.csv`,
  // The BOM lets spreadsheet programs read the UTF-8 names, as the downloads do.
  content: '\uFEFF' + csv,
  contentType: 'text/csv' as const,
});

const BUILDERS: Record<ScheduledReport, Build> = {
  dailySales,
  refillVariances,
  silentMachines,
  foodSafety,
};

/** A scheduled report for a day, rendered as the notice a channel sends (in `language`). */
export async function buildReportNotice(
  db: Db,
  p: ReportDay & { report: ScheduledReport; language: 'zh-CN' | 'en' },
  t: Translate,
): Promise<ReportNotice> {
  const [bounds] = dayBounds(p.day, p.day, p.timeZone);
  const report = await BUILDERS[p.report](
    db,
    { ...p, start: bounds!.start, end: bounds!.end },
    t,
    p.language,
  );
  return { event: 'report', language: p.language, report };
}
