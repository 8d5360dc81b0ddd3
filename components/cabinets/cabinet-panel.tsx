'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { cabinetQuery } from '@/lib/cabinets/queries';
import { CabinetFacts, CabinetGoods } from './cabinet-goods';

/** On the machine page of a SAAS cabinet: its §2/§4 facts and goods with stock. */
export function CabinetPanel({ machineId }: { machineId: string }) {
  const t = useTranslations('cabinets');
  const { data } = useQuery(cabinetQuery(machineId));
  if (!data) return null;
  return (
    <section aria-labelledby="cabinet-heading" className="space-y-3">
      <h2 id="cabinet-heading" className="font-medium">
        <Link className="text-blue-700 underline" href="/cabinets">
          {t('heading')}
        </Link>
      </h2>
      <CabinetFacts cabinet={data} />
      <CabinetGoods cabinet={data} />
    </section>
  );
}
