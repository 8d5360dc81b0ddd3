'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLocale } from 'use-intl';
import { formatFen } from '@/lib/money';

export interface RankingItem {
  label: string;
  /** fen */
  net: number;
}

/** Items ranked by net sales as horizontal bars (payment methods, goods). */
export function RankingChart({
  data,
  label,
  testId,
}: {
  data: RankingItem[];
  label: string;
  testId?: string;
}) {
  const locale = useLocale();
  const height = Math.max(120, data.length * 28 + 40);
  return (
    <figure aria-label={label} className="w-full" style={{ height }} data-testid={testId}>
      <figcaption className="sr-only">{label}</figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            tick={{ fontSize: 11 }}
            tickFormatter={(v: number) => formatFen(Math.round(v), locale)}
          />
          <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(v) => formatFen(Number(v), locale)} />
          <Bar dataKey="net" name={label} fill="#0f766e" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
