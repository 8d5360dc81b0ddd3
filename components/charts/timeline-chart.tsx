'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLocale } from 'use-intl';
import { formatFen } from '@/lib/money';

export interface TimelinePoint {
  /** The period's label, as the reader's language writes it. */
  label: string;
  /** fen */
  net: number;
  units: number;
}

/** Net sales per period as bars; money in yuan, exact, in the reader's format. */
export function TimelineChart({ data, label }: { data: TimelinePoint[]; label: string }) {
  const locale = useLocale();
  return (
    <figure aria-label={label} className="h-64 w-full" data-testid="timeline-chart">
      <figcaption className="sr-only">{label}</figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis
            width={88}
            tick={{ fontSize: 11 }}
            tickFormatter={(v: number) => formatFen(Math.round(v), locale)}
          />
          <Tooltip
            formatter={(v) => formatFen(Number(v), locale)}
            labelStyle={{ fontWeight: 600 }}
          />
          <Bar dataKey="net" name={label} fill="#1d4ed8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
