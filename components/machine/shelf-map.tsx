'use client';

import { useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { stockLevel, type StockLevel } from '@/lib/fleet/estimated-stock';
import type { MachineDetail, MachineShelf } from '@/lib/fleet/machine-queries';
import { fenToYuanText } from '@/lib/money';
import { soldOutIn } from '@/lib/fleet/sold-out-in';

const LEVEL_STYLE: Record<StockLevel, string> = {
  sold_out: 'border-red-400 bg-red-50',
  low: 'border-amber-400 bg-amber-50',
  ok: 'border-emerald-300 bg-white',
  unknown: 'border-slate-300 bg-slate-50',
};
const SWATCH: Record<StockLevel, string> = {
  sold_out: 'bg-red-400',
  low: 'bg-amber-400',
  ok: 'bg-emerald-300',
  unknown: 'bg-slate-300',
};
const LEVELS: StockLevel[] = ['sold_out', 'low', 'ok', 'unknown'];

const levelOf = (s: MachineShelf) =>
  stockLevel({ soldOut: s.soldOut, estimated: s.estimatedStock, valve: s.valve });

/** "Empty in about 9 h", and the 80 % range as its detail (D96); null when nothing is known. */
function useForecastText() {
  const t = useTranslations('machine.shelves');
  const format = useFormatter();
  return (s: MachineShelf, now: number) => {
    const left = soldOutIn({
      at: s.predictedSoldOutAt,
      soldOut: levelOf(s) === 'sold_out',
      now,
    });
    if (!left) return null;
    const when = (at: number) => format.dateTime(new Date(at * 1000), 'dayTime');
    return {
      text: t('soldOutIn', left.unit === 'now' ? { unit: 'now', n: 0 } : left),
      band:
        left.unit !== 'now' && s.predictedSoldOutEarly !== null && s.predictedSoldOutLate !== null
          ? t('soldOutBand', {
              early: when(s.predictedSoldOutEarly),
              late: when(s.predictedSoldOutLate),
            })
          : null,
    };
  };
}

/**
 * "Empty in about 9 h": a tooltip on a desk gives its 80 % range and the shelf's daily demand;
 * a phone has no hover, so a tap shows them under it (D96).
 */
function ForecastLine({
  forecast,
  demand,
  soldOut,
}: {
  forecast: { text: string; band: string | null };
  demand: string | null;
  soldOut: boolean;
}) {
  const [open, setOpen] = useState(false);
  const detail = [forecast.band, demand].filter((x): x is string => Boolean(x));
  const colour = soldOut ? 'text-red-800' : 'text-slate-900';
  if (!detail.length)
    return (
      <span data-testid="shelf-forecast" className={`font-medium tabular-nums ${colour}`}>
        {forecast.text}
      </span>
    );
  return (
    <>
      <button
        type="button"
        data-testid="shelf-forecast"
        title={detail.join(' · ')}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className={`text-left font-medium tabular-nums underline decoration-dotted underline-offset-2 ${colour}`}
      >
        {forecast.text}
      </button>
      {open &&
        detail.map((line) => (
          <span key={line} data-testid="shelf-forecast-detail" className="text-slate-700">
            {line}
          </span>
        ))}
    </>
  );
}

function ShelfCell({ s, cid, now }: { s: MachineShelf; cid: string; now: number }) {
  const t = useTranslations('machine.shelves');
  const format = useFormatter();
  const forecastText = useForecastText();
  const level = levelOf(s);
  const forecast = s.inPlanogram ? forecastText(s, now) : null;
  const demand =
    s.inPlanogram && s.demandPerDay !== null && s.demandPerDay > 0
      ? t('demand', { n: format.number(s.demandPerDay, { maximumFractionDigits: 1 }) })
      : null;
  const lines = [
    s.goodsName ?? t('noGoods'),
    s.price != null ? t('price', { yuan: fenToYuanText(s.price) }) : null,
    s.capacity != null
      ? `${t('capacity', { n: s.capacity })}${s.valve != null ? ` · ${t('threshold', { n: s.valve })}` : ''}`
      : null,
    s.estimatedStock != null ? t('stock', { n: s.estimatedStock }) : t('stockUnknown'),
    s.soldOut && s.soldoutTime
      ? t('soldOutSince', {
          time: format.dateTime(new Date(s.soldoutTime * 1000), 'dayTime'),
        })
      : null,
    s.inPlanogram ? null : t('outsidePlanogram'),
  ].filter((x): x is string => x !== null);
  const title = t('shelf', { id: s.locationId });
  const said = [...lines, forecast?.text, forecast?.band, demand].filter(Boolean);
  return (
    <li
      data-testid={`shelf-${cid}-${s.locationId}`}
      data-level={level}
      aria-label={`${title}: ${t(`level.${level}`)}; ${said.join('; ')}`}
      className={`flex min-h-28 flex-col gap-0.5 rounded border-2 p-2 text-xs ${LEVEL_STYLE[level]}`}
    >
      <div className="flex items-center justify-between gap-1">
        <span className="font-mono font-semibold">{s.locationId}</span>
        <span className="rounded bg-white/70 px-1 font-medium">{t(`level.${level}`)}</span>
      </div>
      <span className="text-sm leading-tight font-medium break-words">{lines[0]}</span>
      {lines.slice(1).map((line) => (
        <span key={line} className="tabular-nums text-slate-700">
          {line}
        </span>
      ))}
      {forecast && (
        <ForecastLine forecast={forecast} demand={demand} soldOut={level === 'sold_out'} />
      )}
    </li>
  );
}

/** One grid per container, shelves in shelf-number order, coloured and labelled by stock. */
export function ShelfMap({
  containers,
  now,
}: {
  containers: MachineDetail['containers'];
  /** When the figures were read (epoch seconds): "empty in about…" counts from it. */
  now: number;
}) {
  const t = useTranslations('machine.shelves');
  const all = containers.flatMap((c) => c.shelves);
  const count = (l: StockLevel) => all.filter((s) => levelOf(s) === l).length;
  return (
    <section aria-labelledby="shelves-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="shelves-heading" className="text-lg font-semibold">
          {t('heading')}
        </h2>
        <p className="text-sm text-slate-600" data-testid="shelf-summary">
          {t('summary', { total: all.length, soldOut: count('sold_out'), low: count('low') })}
        </p>
      </div>
      <div role="group" aria-label={t('legend')} className="flex flex-wrap gap-4 text-xs">
        {LEVELS.map((l) => (
          <span key={l} className="flex items-center gap-1.5">
            <span aria-hidden className={`inline-block h-3 w-3 rounded-sm ${SWATCH[l]}`} />
            <span>
              <strong>{t(`level.${l}`)}</strong>: {t(`legendText.${l}`)}
            </span>
          </span>
        ))}
      </div>
      <p className="text-xs text-slate-500">
        {t('stockNote')} {t('forecastNote')}
      </p>
      {all.length === 0 && <p className="text-slate-600">{t('empty')}</p>}
      {containers
        .filter((c) => c.shelves.length > 0)
        .map((c) => (
          <div key={c.cid} className="space-y-1">
            <h3 className="text-sm font-medium" id={`container-${c.cid}`}>
              {t('container', { cid: c.cid })}
              {c.type === 1 || c.type === 2 || c.type === 3 ? ` · ${t(`type${c.type}`)}` : ''}
            </h3>
            <ul
              aria-labelledby={`container-${c.cid}`}
              className="grid grid-cols-[repeat(auto-fill,minmax(8.5rem,1fr))] gap-2"
            >
              {/* The API orders shelves by number (numeric, then as text). */}
              {c.shelves.map((s) => (
                <ShelfCell key={s.locationId} s={s} cid={c.cid} now={now} />
              ))}
            </ul>
          </div>
        ))}
    </section>
  );
}
