'use client';

import { useLocale, useTranslations } from 'use-intl';
import { DataTable } from '@/components/data-table';
import { formatMinor } from '@/lib/platforms/saas/money';

export interface ItemRow {
  id: string;
  name: string;
  count: number;
  meterType: number;
  price: number;
  amount: number;
  pictureName: string | null;
}

/** Recognised or settled items: pieces or grams, unit price, amount, the picture's file name. */
export function ItemsTable({ items, currency }: { items: ItemRow[]; currency: string | null }) {
  const t = useTranslations('cabinets');
  const locale = useLocale();
  const money = (m: number) => formatMinor(m, locale, currency);
  return (
    <DataTable
      cards
      headers={[t('commodity'), t('count'), t('unitPrice'), t('amount'), t('picture')]}
      empty={items.length === 0 && t('noItems')}
    >
      {items.map((i, n) => (
        <tr key={`${i.id}-${n}`} className="border-t border-slate-100">
          <td className="px-3 py-2">{i.name}</td>
          <td className="px-3 py-2 tabular-nums">
            {i.meterType === 2
              ? t('countGrams', { count: i.count })
              : t('countPieces', { count: i.count })}
          </td>
          <td className="px-3 py-2 tabular-nums">
            {i.meterType === 2 ? t('perKg', { price: money(i.price) }) : money(i.price)}
          </td>
          <td className="px-3 py-2 tabular-nums">{money(i.amount)}</td>
          <td className="px-3 py-2 font-mono text-xs">{i.pictureName ?? '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}
