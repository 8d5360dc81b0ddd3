'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTranslations } from 'use-intl';
import { inputClass } from '@/components/form';
import {
  fillSearch,
  selectionSearch,
  type PickSelection,
  type SheetFill,
} from '@/lib/planning/queries';
import { MAX_PAR_DAYS } from '@/lib/planning/sheet-limits';

/**
 * Fill to capacity or to par for N days (D95), as the sheet's URL says: choosing one replaces
 * the URL, so the printed sheet, the CSV link and a shared link all load the same way.
 */
export function FillChoice({ selection, fill }: { selection: PickSelection; fill: SheetFill }) {
  const t = useTranslations('planning.sheet');
  const router = useRouter();
  const [days, setDays] = useState(String(fill.parDays));
  const go = (next: SheetFill) =>
    router.replace(`/pick-lists?${selectionSearch(selection)}${fillSearch(next)}`, {
      scroll: false,
    });
  return (
    <fieldset
      className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm print:hidden"
      data-testid="fill-choice"
    >
      <legend className="sr-only">{t('fill')}</legend>
      <span className="text-slate-700" aria-hidden>
        {t('fill')}
      </span>
      <label className="flex items-center gap-1.5">
        <input
          type="radio"
          name="fill"
          checked={fill.fill === 'capacity'}
          onChange={() => go({ ...fill, fill: 'capacity' })}
        />
        {t('fillCapacity')}
      </label>
      <label className="flex items-center gap-1.5">
        <input
          type="radio"
          name="fill"
          checked={fill.fill === 'par'}
          onChange={() => go({ ...fill, fill: 'par' })}
        />
        {t('fillPar')}
      </label>
      <label className="flex items-center gap-1.5">
        <span className="text-slate-700">{t('parDays')}</span>
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_PAR_DAYS}
          className={`${inputClass} w-16`}
          value={days}
          disabled={fill.fill !== 'par'}
          onChange={(e) => {
            setDays(e.target.value);
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 1 && n <= MAX_PAR_DAYS) go({ ...fill, parDays: n });
          }}
        />
      </label>
    </fieldset>
  );
}
