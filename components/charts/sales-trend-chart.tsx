'use client';

import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { useLocale } from 'use-intl';
import { formatFen } from '@/lib/money';

export interface TrendPoint {
  start: number;
  /** fen; null for a period still to come. */
  net: number | null;
  /** fen, the same period a week before (today's hours only). */
  before?: number;
}

/**
 * Net sales per period as bars, with the same periods a week before as a line when given (the
 * overview's trend, D81). Every label is formatted by the caller: a named date format, money.
 */
export function SalesTrendChart(props: {
  data: TrendPoint[];
  label: string;
  names: { net: string; before?: string };
  tick: (epochSeconds: number) => string;
  moment: (epochSeconds: number) => string;
}) {
  const locale = useLocale();
  const money = (v: unknown) => formatFen(Math.round(Number(v)), locale);
  return (
    <figure aria-label={props.label} className="w-full" data-testid="sales-trend-chart">
      <figcaption className="sr-only">{props.label}</figcaption>
      <ComposedChart
        data={props.data}
        responsive
        style={{ width: '100%', height: 180 }}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis
          dataKey="start"
          tickFormatter={(v: number) => props.tick(v)}
          tick={{ fontSize: 11 }}
          minTickGap={16}
        />
        <YAxis
          tick={{ fontSize: 11 }}
          width={64}
          tickFormatter={(v: number) => money(v)}
          allowDecimals={false}
        />
        <Tooltip labelFormatter={(v) => props.moment(Number(v))} formatter={(v) => money(v)} />
        <Legend />
        <Bar dataKey="net" name={props.names.net} fill="#0f766e" isAnimationActive={false} />
        {props.names.before && (
          <Line
            type="linear"
            dataKey="before"
            name={props.names.before}
            stroke="#94a3b8"
            strokeDasharray="4 2"
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        )}
      </ComposedChart>
    </figure>
  );
}
