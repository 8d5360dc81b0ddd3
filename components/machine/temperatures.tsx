'use client';

import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Refreshing } from '@/components/refreshing';
import { useFormatter, useTimeZone, useTranslations } from 'use-intl';
import { TZDate } from '@date-fns/tz';
import { periodStart, periodStarts } from '@/lib/sales/periods';
import { useDuration } from '@/components/machine/use-duration';
import { useErrorText } from '@/components/use-error-text';
import {
  TemperatureChart,
  type TemperatureChartLabels,
} from '@/components/charts/temperature-chart';
import {
  DEFAULT_PRESET,
  machineTemperaturesQuery,
  RANGE_PRESETS,
  type RangePreset,
  type MachineDetail,
} from '@/lib/fleet/machine-queries';
import { roomsOf, roomValue } from '@/lib/fleet/temperature';

const PRESETS = Object.keys(RANGE_PRESETS) as RangePreset[];

type Latest = MachineDetail['temperatures'][number];
type OutOfBand = MachineDetail['outOfBand'][number];

/** Local hours (every 3 for a day or less) or days (every day, a week; every 5th, a month). */
function axisTicks(from: number, to: number, tz: string) {
  const span = to - from;
  if (span <= 2 * 86_400) {
    const every = span <= 6 * 3600 ? 1 : 3;
    return periodStarts('hour', from, to, tz).filter(
      (t) => t >= from && new TZDate(t * 1000, tz).getHours() % every === 0,
    );
  }
  const every = span <= 8 * 86_400 ? 1 : 5;
  return periodStarts('day', from, to, tz).filter((t, i) => t >= from && i % every === 0);
}

/**
 * A temperature chart per container, over a chosen range, refreshed while the page is open,
 * each with its latest reading per room and chamber ("no sensor" where the machine has none).
 */
export function Temperatures({
  assetId,
  latest,
  outOfBand = [],
  now,
}: {
  assetId: string;
  latest: Latest[];
  outOfBand?: OutOfBand[];
  /** When the machine's data was read (the same on the server and in the browser). */
  now: number;
}) {
  const t = useTranslations('machine.temperature');
  const errorText = useErrorText();
  const format = useFormatter();
  const duration = useDuration();
  const tz = useTimeZone() ?? 'Asia/Shanghai';
  const [preset, setPreset] = useState<RangePreset>(DEFAULT_PRESET);
  // The previous range stays up, dimmed, while the new one loads: never shown as the new one.
  const { data, error, isFetching, isPlaceholderData } = useQuery({
    ...machineTemperaturesQuery(assetId, preset),
    placeholderData: keepPreviousData,
  });
  const at = (s: number) => new Date(s * 1000);
  const labels: TemperatureChartLabels = {
    left: t('left'),
    right: t('right'),
    chamber: (name) => t('chamber', { name }),
    excursion: t('excursion'),
    band: (b) => t('band', { mode: t(b.mode), low: b.low, high: b.high }),
    tick: (s) => format.dateTime(at(s), periodStart('day', s, tz) === s ? 'day' : 'time'),
    moment: (s) => format.dateTime(at(s), 'dateTime'),
    timeName: t('time'),
    noneBefore: (s) => t('noneBefore', { time: format.dateTime(at(s), 'dayTime') }),
    gap: t('gap'),
    outSince: t('outSince'),
    value: (p) =>
      p.min === p.max
        ? t('degrees', { value: p.value })
        : t('spread', { value: p.value, min: p.min, max: p.max }),
  };
  const name = (cid: string) => (cid === 'master' ? t('master') : t('container', { cid }));
  const roomName = (room: string) =>
    room === 'left' ? t('left') : room === 'right' ? t('right') : t('chamber', { name: room });
  const latestOf = (cid: string) => latest.find((l) => l.cid === cid);
  const outOf = (cid: string) => outOfBand.filter((o) => o.cid === cid);

  return (
    <section aria-labelledby="temperature-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="temperature-heading" className="text-lg font-semibold">
          {t('heading')}
        </h2>
        <div
          role="radiogroup"
          aria-label={t('range')}
          className="flex gap-1"
          aria-busy={isFetching}
        >
          {PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              role="radio"
              aria-checked={p === preset}
              onClick={() => setPreset(p)}
              className={`rounded border px-2 py-1 text-sm ${p === preset ? 'border-blue-700 bg-blue-700 text-white' : 'border-slate-300 bg-white hover:bg-slate-100'}`}
            >
              {t(`presets.${p}`)}
            </button>
          ))}
        </div>
      </div>
      {error && (
        <p role="alert" className="text-red-700">
          {errorText(error)}
        </p>
      )}
      {data && data.containers.length === 0 && <p className="text-slate-600">{t('none')}</p>}
      <Refreshing stale={isPlaceholderData} className="space-y-3">
        {data?.containers.map((c) => (
          <figure
            key={c.cid}
            data-testid={`temperature-${c.cid}`}
            className="space-y-1 rounded border border-slate-200 bg-white p-3"
          >
            <figcaption className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
              <span className="font-medium">{name(c.cid)}</span>
              <span className={c.excursions > 0 ? 'font-medium text-red-700' : 'text-slate-600'}>
                {t('excursions', { count: c.excursions })}
                {c.bucketSeconds !== null &&
                  ` · ${t('bucketed', { minutes: Math.round(c.bucketSeconds / 60) })}`}
              </span>
            </figcaption>
            {latestOf(c.cid) && (
              <LatestReading
                reading={latestOf(c.cid)!}
                roomName={roomName}
                value={(v) => (v === null ? t('noSensor') : t('degrees', { value: v }))}
                label={t('latest')}
              />
            )}
            {outOf(c.cid).map((o) => (
              <p
                key={o.room}
                role="status"
                className="text-sm font-medium text-red-700"
                data-testid={`out-of-band-${c.cid}-${o.room}`}
              >
                {t('outOfBand', {
                  room: roomName(o.room),
                  atLeast: o.atLeast ? 'yes' : 'no',
                  time: format.dateTime(at(o.since), 'dateTime'),
                  duration: duration(Math.max(60, Math.floor((now - o.since) / 60) * 60)),
                  peak: o.peak,
                  temperature: o.temperature,
                  low: o.low,
                  high: o.high,
                })}
              </p>
            ))}
            {c.points.length === 0 ? (
              <p className="py-6 text-center text-slate-500">{t('noData')}</p>
            ) : (
              <div role="img" aria-label={t('chartLabel', { cid: name(c.cid) })}>
                <TemperatureChart
                  points={c.points}
                  from={data.from}
                  to={data.to}
                  ticks={axisTicks(data.from, data.to, tz)}
                  outSince={[...new Set(outOf(c.cid).map((o) => o.since))]}
                  labels={labels}
                />
              </div>
            )}
          </figure>
        ))}
      </Refreshing>
    </section>
  );
}

/** The container's latest reading, room by room; a room without a sensor says so. */
function LatestReading(props: {
  reading: Latest;
  roomName: (room: string) => string;
  value: (v: number | null) => string;
  label: string;
}) {
  const r = props.reading;
  return (
    <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label={props.label}>
      {roomsOf(r).map((room) => {
        const v = roomValue(r, room);
        return (
          <div key={room} className="flex gap-1" data-testid={`latest-${room}`}>
            <dt className="text-slate-500">{props.roomName(room)}</dt>
            <dd className={v === null ? 'text-slate-500 italic' : 'tabular-nums'}>
              {props.value(v)}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
