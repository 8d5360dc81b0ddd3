'use client';

import { useLocale, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import type { CabinetView } from '@/lib/cabinets/queries';
import { formatMinor } from '@/lib/platforms/saas/money';

/** A cabinet's goods per door with price and our stock count. */
export function CabinetGoods({ cabinet }: { cabinet: CabinetView }) {
  const t = useTranslations('cabinets');
  const locale = useLocale();
  return (
    <DataTable
      cards
      headers={[t('door'), t('commodity'), t('price'), t('stock'), t('picture')]}
      empty={cabinet.goods.length === 0 && t('noItems')}
    >
      {cabinet.goods.map((g) => (
        <tr
          key={`${g.doorNo}-${g.commodityId}`}
          className="border-t border-slate-100"
          data-testid={`goods-${g.commodityId}`}
        >
          <td className="px-3 py-2">{t('doorValue', { door: g.doorNo })}</td>
          <td className="px-3 py-2">{g.name}</td>
          <td className="px-3 py-2 tabular-nums">
            {formatMinor(g.price, locale, cabinet.currency)}
          </td>
          <td className="px-3 py-2 tabular-nums" data-testid="stock">
            {g.stock ?? t('stockUnknown')}
          </td>
          <td className="px-3 py-2 font-mono text-xs">{g.pictureName ?? '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** §2 and §4 at a glance. */
export function CabinetFacts({ cabinet }: { cabinet: CabinetView }) {
  const t = useTranslations('cabinets');
  const locale = useLocale();
  const running =
    cabinet.runningState === 1 ? 'running' : cabinet.runningState === 0 ? 'locked' : 'unknown';
  const facts: [string, string][] = [
    [t('signal'), cabinet.signal === null ? '—' : t('signalValue', { signal: cabinet.signal })],
    [
      t('temperature'),
      cabinet.temperature === null ? '—' : t('temperatureValue', { value: cabinet.temperature }),
    ],
    [t('running'), t(`runningStates.${running}`)],
    [t('currency'), cabinet.currency ?? '—'],
    [
      t('preAuthLimit'),
      cabinet.preAuthLimit === null
        ? '—'
        : formatMinor(cabinet.preAuthLimit, locale, cabinet.currency),
    ],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-5">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt className="text-slate-600">{k}</dt>
          <dd className="font-medium">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
