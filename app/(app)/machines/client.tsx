'use client';

import { useEffect, useMemo, useOptimistic, useRef, useState, useTransition } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'use-intl';
import { useErrorText } from '@/components/use-error-text';
import { MachineFilters } from '@/components/machines/filters';
import { MachineTable, type SortState } from '@/components/machines/table';
import { MachineCards } from '@/components/machines/cards';
import { Refreshing } from '@/components/refreshing';
import {
  filterFromSearch,
  filterToSearch,
  MACHINE_SORTS,
  SORT_DIRS,
  type MachineFilter,
  type MachineSort,
  type SortDir,
} from '@/lib/fleet/filter';
import { PickListLink } from '@/components/planning/pick-list-link';
import { MAX_SHEET_MACHINES } from '@/lib/planning/sheet-limits';
import { machinesQuery } from '@/lib/fleet/queries';
import { linesQuery, sitesQuery } from '@/lib/planning/queries';

/** How long typing pauses before the search goes into the URL. */
const SEARCH_DELAY_MS = 300;

/**
 * The URL is the list's state: filters and sort are search params, so a link shares the view
 * and Back undoes a change. Choices push a history entry; typing replaces it.
 */
function useUrlFilter() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = useMemo(() => filterFromSearch(params), [params]);
  const [pending, startTransition] = useTransition();
  // The controls show a choice at once, while the server renders the new list.
  const [shown, setShown] = useOptimistic(filter);
  const navigate = (next: MachineFilter, mode: 'push' | 'replace') => {
    const query = filterToSearch(next).toString();
    const url = query ? `${pathname}?${query}` : pathname;
    startTransition(() => {
      setShown(next);
      if (mode === 'push') router.push(url, { scroll: false });
      else router.replace(url, { scroll: false });
    });
  };
  return { filter, shown, pending, navigate };
}

export function MachinesClient({ pickLists = false }: { pickLists?: boolean }) {
  const t = useTranslations('machines');
  const tp = useTranslations('planning.sheet');
  const errorText = useErrorText();
  const format = useFormatter();
  const { filter, shown, pending, navigate } = useUrlFilter();
  const { data, error, dataUpdatedAt, isFetching, isPlaceholderData } = useQuery({
    ...machinesQuery(filter),
    placeholderData: keepPreviousData,
  });
  // The filters' options: the planning pages' answers, not refreshed while the list is open.
  const lines = useQuery({ ...linesQuery(), refetchInterval: false }).data?.items ?? [];
  const sites = useQuery({ ...sitesQuery(), refetchInterval: false }).data?.items ?? [];

  // The search box is ahead of the URL while typing; it follows the URL when that changes
  // from elsewhere (Back, Clear, a link).
  const urlQ = filter.q ?? '';
  const [search, setSearch] = useState(urlQ);
  const [seenQ, setSeenQ] = useState(urlQ);
  const [sentQ, setSentQ] = useState<string | null>(null);
  if (urlQ !== seenQ) {
    setSeenQ(urlQ);
    if (urlQ !== sentQ) setSearch(urlQ);
  }
  const timer = useRef<Awaited<ReturnType<typeof setTimeout>>>(undefined);
  const typing = useRef(false);
  useEffect(() => () => clearTimeout(timer.current), []);
  const stopTyping = () => {
    clearTimeout(timer.current);
    typing.current = false;
  };
  const onSearch = (text: string) => {
    setSearch(text);
    clearTimeout(timer.current);
    typing.current = true;
    timer.current = setTimeout(() => {
      typing.current = false;
      const q = text.trim() || undefined;
      setSentQ(q ?? '');
      navigate({ ...filter, q }, 'replace');
    }, SEARCH_DELAY_MS);
  };
  // A choice made while the search is still waiting takes the typed text along.
  const onChange = (next: MachineFilter) => {
    const q = typing.current ? search.trim() || undefined : next.q;
    stopTyping();
    navigate({ ...next, q }, 'push');
  };
  const onClear = () => {
    stopTyping();
    setSearch('');
    navigate({ sort: shown.sort, dir: shown.dir }, 'push');
  };
  const sort: SortState = { sort: shown.sort ?? 'assetId', dir: shown.dir ?? 'asc' };
  const items = data?.items ?? [];

  return (
    <section aria-labelledby="machines-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 id="machines-heading" className="text-xl font-semibold">
          {t('heading')}
        </h1>
        <p className="text-sm text-slate-600" data-testid="machine-count" aria-live="polite">
          {data &&
            (data.total > items.length
              ? t('showing', { shown: items.length, total: data.total })
              : t('count', { total: data.total }))}
        </p>
        {/* Only when every machine the filter finds is on the page and fits one pick list. */}
        {pickLists && data && data.total === items.length && items.length <= MAX_SHEET_MACHINES && (
          <PickListLink label={tp('forThese')} assetIds={items.map((m) => m.assetId)} />
        )}
      </div>
      <MachineFilters
        filter={shown}
        lines={lines}
        sites={sites}
        search={search}
        onSearch={onSearch}
        onChange={onChange}
        onClear={onClear}
      />
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {t('loadError', { message: errorText(error) })}
        </p>
      )}
      {data && items.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-6 text-slate-600">
          {t('empty')}
        </p>
      ) : (
        <Refreshing stale={isPlaceholderData || pending}>
          {/* The table's headers sort on a desk; a phone's cards get the same choice here. */}
          <label className="mb-2 flex items-center gap-2 text-sm md:hidden">
            <span className="text-slate-600">{t('sortLabel')}</span>
            <select
              value={`${sort.sort}:${sort.dir}`}
              onChange={(e) => {
                const [by, dir] = e.target.value.split(':') as [MachineSort, SortDir];
                onChange({ ...shown, sort: by, dir });
              }}
              className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1"
            >
              {MACHINE_SORTS.flatMap((by) =>
                SORT_DIRS.map((dir) => (
                  <option key={`${by}:${dir}`} value={`${by}:${dir}`}>
                    {t(`sortOption.${dir}`, { column: t(`columns.${by}`) })}
                  </option>
                )),
              )}
            </select>
          </label>
          <MachineCards items={items} now={Math.floor(dataUpdatedAt / 1000)} />
          <div className="hidden md:block">
            <MachineTable
              items={items}
              sort={sort}
              onSort={(s) => onChange({ ...shown, ...s })}
              busy={pending || isFetching}
              now={Math.floor(dataUpdatedAt / 1000)}
            />
          </div>
        </Refreshing>
      )}
      {dataUpdatedAt > 0 && (
        <p className="text-xs text-slate-500" data-testid="machines-as-of">
          {t('asOf', {
            time: format.dateTime(new Date(dataUpdatedAt), 'timeSeconds'),
          })}
        </p>
      )}
    </section>
  );
}
