import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { TZDate } from '@date-fns/tz';
import { format, subDays } from 'date-fns';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { FoodSafetyReport } from './food-safety-read';
import type { ScheduleRow } from '@/db/queries/report-schedules';

export type FoodSafetyPage = FoodSafetyReport & { lines: string[] };

/** The food-safety page's state as its URL holds it (the API's own parameters). */
export interface FoodSafetySearch {
  from: string;
  to: string;
  assetId?: string;
  line?: string;
  only?: 'excursions';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The page's state from its URL: yesterday and today by default (a fleet's week is a lot). */
export function parseFoodSafetySearch(
  p: Record<string, string | string[] | undefined>,
  now: number,
  timeZone: string,
): FoodSafetySearch {
  const one = (k: string) => {
    const v = p[k];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    return s || undefined;
  };
  const today = new TZDate(now * 1000, timeZone);
  const from = one('from');
  const to = one('to');
  return {
    from: from && DATE.test(from) ? from : format(subDays(today, 1), 'yyyy-MM-dd'),
    to: to && DATE.test(to) ? to : format(today, 'yyyy-MM-dd'),
    ...(one('assetId') && { assetId: one('assetId') }),
    ...(one('line') && { line: one('line') }),
    ...(one('only') === 'excursions' && { only: 'excursions' as const }),
  };
}

export const foodSafetyParams = (s: FoodSafetySearch) =>
  new URLSearchParams(Object.entries(s).filter((e): e is [string, string] => Boolean(e[1])));

export const foodSafetyUrl = (s: FoodSafetySearch, csv = false) =>
  `/api/v1/reports/food-safety?${foodSafetyParams(s)}${csv ? '&format=csv' : ''}`;

export const foodSafetyQuery = (s: FoodSafetySearch) =>
  queryOptions({
    queryKey: ['food-safety', s],
    queryFn: () => fetchJson<FoodSafetyPage>(foodSafetyUrl(s)),
    placeholderData: keepPreviousData,
  });

export interface SchedulesView {
  items: ScheduleRow[];
  channels: { id: number; kind: string; name: string; summary: string }[];
}

export const schedulesQuery = () =>
  queryOptions({
    queryKey: ['report-schedules'],
    queryFn: () => fetchJson<SchedulesView>('/api/v1/report-schedules'),
  });
