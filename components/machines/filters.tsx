'use client';

import { useId, type ReactNode } from 'react';
import { useTranslations } from 'use-intl';
import { inputClass, quietButtonClass } from '@/components/form';
import { PLATFORMS, type MachineFilter, type Platform } from '@/lib/fleet/filter';
import type { LineItem, SiteItem } from '@/lib/planning/queries';

type BooleanKey = 'online' | 'faults' | 'soldOut';

/** A labelled control; the label names it alone (a wrapping label would add the select's value). */
function Labelled(props: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id} className="text-slate-700">
        {props.label}
      </label>
      {props.children(id)}
    </div>
  );
}

function Select(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <Labelled label={props.label}>
      {(id) => (
        <select
          id={id}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          className={`${inputClass} h-9 min-w-32 max-w-56`}
        >
          {props.children}
        </select>
      )}
    </Labelled>
  );
}

/**
 * Unique option names, the current value listed even when narrowed out. Sorted by code point,
 * as the API sorts: a locale's collation differs between the server's ICU and the browser's,
 * and the server-rendered options must match the client's.
 */
function names(values: (string | null | undefined)[], current?: string) {
  const set = new Set(values.filter((v): v is string => !!v));
  if (current) set.add(current);
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The list's filters. Lines are narrowed to the chosen area and sites to the chosen line, so
 * each select stays short.
 */
export function MachineFilters(props: {
  filter: MachineFilter;
  lines: LineItem[];
  sites: SiteItem[];
  search: string;
  onSearch: (text: string) => void;
  onChange: (next: MachineFilter) => void;
  onClear: () => void;
}) {
  const t = useTranslations('machines');
  const f = props.filter;
  const set = (patch: Partial<MachineFilter>) => props.onChange({ ...f, ...patch });
  const areas = names(
    [...props.lines.map((l) => l.areaName), ...props.sites.map((s) => s.areaName)],
    f.area,
  );
  const lines = names(
    props.lines.filter((l) => !f.area || l.areaName === f.area).map((l) => l.name),
    f.line,
  );
  const sites = names(
    props.sites
      .filter((s) => (!f.line || s.lineName === f.line) && (!f.area || s.areaName === f.area))
      .map((s) => s.name),
    f.site,
  );
  const bool = (key: BooleanKey, yes: string, no: string) => (
    <Select
      label={t(key)}
      value={f[key] === undefined ? '' : String(f[key])}
      onChange={(v) => set({ [key]: v === '' ? undefined : v === 'true' })}
    >
      <option value="">{t('any')}</option>
      <option value="true">{t(yes)}</option>
      <option value="false">{t(no)}</option>
    </Select>
  );

  return (
    <form
      role="search"
      aria-label={t('filters')}
      onSubmit={(e) => e.preventDefault()}
      className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3"
    >
      <Labelled label={t('search')}>
        {(id) => (
          <input
            id={id}
            type="search"
            value={props.search}
            placeholder={t('searchPlaceholder')}
            onChange={(e) => props.onSearch(e.target.value)}
            className={`${inputClass} h-9 w-56`}
          />
        )}
      </Labelled>
      <Select
        label={t('area')}
        value={f.area ?? ''}
        onChange={(v) => set({ area: v || undefined })}
      >
        <option value="">{t('anyArea')}</option>
        {areas.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </Select>
      <Select
        label={t('line')}
        value={f.line ?? ''}
        onChange={(v) => set({ line: v || undefined, site: undefined })}
      >
        <option value="">{t('anyLine')}</option>
        {lines.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </Select>
      <Select
        label={t('site')}
        value={f.site ?? ''}
        onChange={(v) => set({ site: v || undefined })}
      >
        <option value="">{t('anySite')}</option>
        {sites.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </Select>
      <Select
        label={t('platform')}
        value={f.platform ?? ''}
        onChange={(v) => set({ platform: (v || undefined) as Platform | undefined })}
      >
        <option value="">{t('anyPlatform')}</option>
        {PLATFORMS.map((p) => (
          <option key={p} value={p}>
            {t(`platforms.${p}`)}
          </option>
        ))}
      </Select>
      {bool('online', 'onlineOnly', 'offlineOnly')}
      {bool('faults', 'withFaults', 'withoutFaults')}
      {bool('soldOut', 'withSoldOut', 'withoutSoldOut')}
      <button type="button" className={`${quietButtonClass} h-9`} onClick={props.onClear}>
        {t('clear')}
      </button>
    </form>
  );
}
