'use client';

import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { buttonClass, Field, inputClass, Notice, quietButtonClass } from '@/components/form';
import { send } from '@/lib/admin/queries';
import { mapTilesQuery } from '@/lib/fleet/map/queries';
import type { MapTiles } from '@/lib/settings/map-tiles';

/** Providers an admin can start from; any other https template works too. */
const PRESETS = {
  osm: {
    url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    attribution: '© OpenStreetMap contributors',
    subdomains: '',
  },
  amap: {
    url: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
    attribution: '© 高德地图 AutoNavi',
    subdomains: '1234',
  },
} as const;

/**
 * The optional street-map layer under the site maps (D82): a tile template and its provider's
 * attribution, or none (the offline drawing, the default).
 */
export function MapTilesForm() {
  const t = useTranslations('planning.mapTiles');
  const tc = useTranslations('common');
  const qc = useQueryClient();
  const { data } = useQuery(mapTilesQuery());
  const [draft, setDraft] = useState<MapTiles | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const save = useMutation({
    mutationFn: (body: MapTiles) => send<MapTiles>('PUT', '/api/v1/settings/map-tiles', body),
    onSuccess: (saved) => {
      setDraft(null);
      setNotice({ kind: 'ok', text: saved.url ? t('saved') : t('cleared') });
      void qc.invalidateQueries({ queryKey: ['settings', 'map-tiles'] });
    },
    onError: (e: Error) => setNotice({ kind: 'error', text: tc('error', { message: e.message }) }),
  });
  if (!data) return null;
  const shown = draft ?? data;
  const set = (k: keyof MapTiles, v: string) => setDraft({ ...shown, [k]: v });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setNotice(null);
    save.mutate({ ...shown, url: shown.url?.trim() || null });
  }
  return (
    <form
      onSubmit={submit}
      aria-labelledby="map-tiles-heading"
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
      data-testid="map-tiles-form"
    >
      <div>
        <h2 id="map-tiles-heading" className="font-medium">
          {t('heading')}
        </h2>
        <p className="text-sm text-slate-600">{t('intro')}</p>
        <p className="text-sm" data-testid="map-tiles-state">
          {data.url ? t('current', { attribution: data.attribution }) : t('offline')}
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        {(Object.keys(PRESETS) as (keyof typeof PRESETS)[]).map((k) => (
          <button
            key={k}
            type="button"
            className={quietButtonClass}
            onClick={() => setDraft({ ...PRESETS[k] })}
          >
            {t(`preset.${k}`)}
          </button>
        ))}
      </div>
      <div className="grid gap-3 md:grid-cols-[2fr_1fr_8rem]">
        <Field label={t('url')}>
          <input
            name="url"
            value={shown.url ?? ''}
            onChange={(e) => set('url', e.target.value)}
            placeholder="https://…/{z}/{x}/{y}.png"
            className={`${inputClass} w-full font-mono text-xs`}
          />
        </Field>
        <Field label={t('attribution')}>
          <input
            name="attribution"
            value={shown.attribution}
            onChange={(e) => set('attribution', e.target.value)}
            className={`${inputClass} w-full`}
          />
        </Field>
        <Field label={t('subdomains')}>
          <input
            name="subdomains"
            value={shown.subdomains}
            onChange={(e) => set('subdomains', e.target.value)}
            className={`${inputClass} w-full font-mono`}
          />
        </Field>
      </div>
      <p className="text-xs text-slate-500">{t('help')}</p>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={save.isPending}>
          {tc('save')}
        </button>
        {data.url && (
          <button
            type="button"
            className={quietButtonClass}
            disabled={save.isPending}
            onClick={() => save.mutate({ url: null, attribution: '', subdomains: '' })}
          >
            {t('useOffline')}
          </button>
        )}
      </div>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </form>
  );
}
