'use client';

import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ReferenceLine,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { byChamber, type Band, type TemperaturePoint } from '@/lib/fleet/temperature';

export interface TemperatureChartLabels {
  left: string;
  right: string;
  chamber: (name: string) => string;
  excursion: string;
  band: (b: Band) => string;
  /** An axis tick: a date at midnight, else a time (so a chart across midnight shows the day). */
  tick: (epochSeconds: number) => string;
  /** A moment in full, for the tooltip, and its name there. */
  moment: (epochSeconds: number) => string;
  timeName: string;
  /** "no readings before …", over the part of the range before the first reading. */
  noneBefore: (epochSeconds: number) => string;
  /** Over a stretch of the range without readings. */
  gap: string;
  /** The start of a room's current excursion. */
  outSince: string;
  value: (p: { value: number; min: number; max: number }) => string;
}

/** A stretch without readings this long is shaded as such: the line across it is no reading. */
const GAP_S = 3 * 3600;

const LEFT = '#2563eb';
const RIGHT = '#0d9488';
const EXCURSION = '#dc2626';
const CHAMBERS = ['#7c3aed', '#c026d3', '#b45309', '#475569'];
const chamberKey = (name: string) => `chamber_${name}`;
/** Legend and tooltip order: the rooms, their chambers in order, then the excursion marks. */
const ORDER = ['left', 'right', 'chamber_', 'leftOut', 'rightOut', 'chamberOut'];
const order = (item: { dataKey?: unknown }) => {
  const key = String(item.dataKey);
  const chamber = key.startsWith('chamber_') && key !== 'chamberOut';
  return chamber ? `2${key.slice(8).padStart(8, '0')}` : `${ORDER.indexOf(key)}`;
};
const BAND_FILL: Record<Band['mode'], string> = { cooling: '#bfdbfe', heating: '#fed7aa' };

/** The bands in force at the end of the range, each drawn once. */
function currentBands(points: TemperaturePoint[]): Band[] {
  const last = points[points.length - 1];
  const chambers = last && Object.keys(last.chambers).length ? last.chamberBand : null;
  const bands = [last?.leftBand, last?.rightBand, chambers].filter((b): b is Band => !!b);
  return bands.filter(
    (b, i) =>
      bands.findIndex((o) => o.low === b.low && o.high === b.high && o.mode === b.mode) === i,
  );
}

/**
 * Left and right room temperatures (and the container's chambers, D71) over [from, to] against
 * the set band (shaded, with its limits), readings outside the band marked in red. One chart
 * per container. A room without a reading (no sensor) has no line. Drawn as measured: straight
 * lines between readings (a spline would draw peaks no reading had), the whole chosen range on
 * the axis, the stretches without readings shaded and named (D81).
 */
export function TemperatureChart(props: {
  points: TemperaturePoint[];
  from: number;
  to: number;
  /** The axis's ticks (local hours or days, chosen by the caller in the fleet's time zone). */
  ticks: number[];
  /** Starts of the container's current excursions, marked by a line. */
  outSince?: number[];
  labels: TemperatureChartLabels;
}) {
  const { labels } = props;
  const chamberNames = [...new Set(props.points.flatMap((p) => Object.keys(p.chambers)))].sort(
    byChamber,
  );
  const rows = props.points.map((p) => ({
    ...Object.fromEntries(
      chamberNames.flatMap((name) => {
        const c = p.chambers[name];
        return [
          [chamberKey(name), c?.value ?? null],
          [`${chamberKey(name)}Spread`, c ?? null],
        ];
      }),
    ),
    // The first chamber outside its band in the point, for one scatter of them all.
    chamberOut:
      chamberNames
        .map((name) => p.chambers[name])
        .map((c) => (c?.excursion ? (c.excursion === 'above' ? c.max : c.min) : null))
        .find((v) => v !== null) ?? null,
    at: p.at,
    left: p.left?.value ?? null,
    right: p.right?.value ?? null,
    leftSpread: p.left,
    rightSpread: p.right,
    leftOut: p.left?.excursion ? (p.left.excursion === 'above' ? p.left.max : p.left.min) : null,
    rightOut: p.right?.excursion
      ? p.right.excursion === 'above'
        ? p.right.max
        : p.right.min
      : null,
  }));
  const bands = currentBands(props.points);
  const leftOut = rows.filter((r) => r.leftOut !== null);
  const rightOut = rows.filter((r) => r.rightOut !== null);
  const chamberOut = rows.filter((r) => r.chamberOut !== null);
  const first = rows[0]?.at;
  // Shown as it is: the range the reader chose, with the days without readings marked.
  const gaps = rows.flatMap((r, i) =>
    i > 0 && r.at - rows[i - 1]!.at > GAP_S ? [[rows[i - 1]!.at, r.at] as const] : [],
  );
  return (
    <ComposedChart
      data={rows}
      responsive
      style={{ width: '100%', height: 260 }}
      margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
    >
      <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
      {bands.map((b) => (
        <ReferenceArea
          key={`${b.mode}${b.low}${b.high}`}
          y1={b.low}
          y2={b.high}
          fill={BAND_FILL[b.mode]}
          fillOpacity={0.45}
          stroke={BAND_FILL[b.mode]}
          strokeDasharray="4 2"
          ifOverflow="extendDomain"
          label={{ value: labels.band(b), position: 'insideTopLeft', fontSize: 11 }}
        />
      ))}
      {first !== undefined && first - props.from > GAP_S && (
        <ReferenceArea
          x1={props.from}
          x2={first}
          fill="#e2e8f0"
          fillOpacity={0.6}
          ifOverflow="hidden"
          label={{ value: labels.noneBefore(first), position: 'insideTopLeft', fontSize: 11 }}
        />
      )}
      {gaps.map(([a, b]) => (
        <ReferenceArea
          key={a}
          x1={a}
          x2={b}
          fill="#e2e8f0"
          fillOpacity={0.6}
          ifOverflow="hidden"
          label={{ value: labels.gap, position: 'insideTop', fontSize: 11 }}
        />
      ))}
      {props.outSince?.map((t) => (
        <ReferenceLine
          key={t}
          x={t}
          stroke={EXCURSION}
          strokeDasharray="4 2"
          ifOverflow="hidden"
          // At the foot, clear of the shading's label at the top.
          label={{ value: labels.outSince, position: 'insideBottomRight', fontSize: 11 }}
        />
      ))}
      <XAxis
        dataKey="at"
        type="number"
        scale="time"
        domain={[props.from, props.to]}
        allowDataOverflow
        ticks={props.ticks}
        tickFormatter={labels.tick}
        tick={{ fontSize: 11 }}
        minTickGap={24}
      />
      <YAxis unit="°C" tick={{ fontSize: 11 }} width={52} domain={['auto', 'auto']} />
      <Tooltip
        itemSorter={order}
        labelFormatter={(v) => labels.moment(Number(v))}
        formatter={(value, name, item) => {
          // A scatter's own x (an excursion mark's time) is a moment too, never an epoch.
          if (item.dataKey === 'at') return [labels.moment(Number(value)), labels.timeName];
          const spread = (item.payload as Record<string, unknown>)[`${String(item.dataKey)}Spread`];
          return [
            spread
              ? labels.value(spread as { value: number; min: number; max: number })
              : String(value),
            name,
          ];
        }}
      />
      <Legend itemSorter={order} />
      {/* A room without any reading (no sensor, D71) has no line and no legend entry. */}
      {(['left', 'right'] as const).map(
        (room) =>
          rows.some((r) => r[room] !== null) && (
            <Line
              key={room}
              type="linear"
              dataKey={room}
              name={labels[room]}
              stroke={room === 'left' ? LEFT : RIGHT}
              dot={false}
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
          ),
      )}
      {chamberNames.map((name, i) => (
        <Line
          key={name}
          type="linear"
          dataKey={chamberKey(name)}
          name={labels.chamber(name)}
          stroke={CHAMBERS[i % CHAMBERS.length]}
          strokeDasharray="6 3"
          dot={false}
          strokeWidth={2}
          connectNulls
          isAnimationActive={false}
        />
      ))}
      {/* A Scatter given no data of its own would plot the chart's, nulls included. */}
      {leftOut.length > 0 && (
        <Scatter
          data={leftOut}
          dataKey="leftOut"
          name={labels.excursion}
          fill={EXCURSION}
          shape="diamond"
          isAnimationActive={false}
        />
      )}
      {rightOut.length > 0 && (
        <Scatter
          data={rightOut}
          dataKey="rightOut"
          name={labels.excursion}
          legendType={leftOut.length > 0 ? 'none' : 'diamond'}
          fill={EXCURSION}
          shape="diamond"
          isAnimationActive={false}
        />
      )}
      {chamberOut.length > 0 && (
        <Scatter
          data={chamberOut}
          dataKey="chamberOut"
          name={labels.excursion}
          legendType={leftOut.length + rightOut.length > 0 ? 'none' : 'diamond'}
          fill={EXCURSION}
          shape="diamond"
          isAnimationActive={false}
        />
      )}
    </ComposedChart>
  );
}
