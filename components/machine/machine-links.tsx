'use client';

import Link from 'next/link';
import { useTranslations } from 'use-intl';

/** Which of the pages about a machine the reader's role may open. */
export interface MachineLinkSet {
  trades: boolean;
  sales: boolean;
  refills: boolean;
  pickupCodes: boolean;
  line: boolean;
}

/**
 * From a machine to everything about it elsewhere: its trades, sales, refill visits, pickup
 * codes and its line (issue 18 item 7). Each page filters by the machine from its URL.
 */
export function MachineLinks(props: {
  assetId: string;
  lineId: number | null;
  may: MachineLinkSet;
}) {
  const t = useTranslations('machine.links');
  const q = `assetId=${encodeURIComponent(props.assetId)}`;
  const links = [
    props.may.trades && { key: 'trades', href: `/trades?${q}` },
    props.may.sales && { key: 'sales', href: `/sales?${q}` },
    props.may.refills && { key: 'refills', href: `/refills?${q}` },
    props.may.pickupCodes && { key: 'pickupCodes', href: `/pickup-codes?${q}` },
    props.may.line && props.lineId !== null && { key: 'line', href: `/lines/${props.lineId}` },
  ].filter((l): l is { key: string; href: string } => !!l);
  if (links.length === 0) return null;
  return (
    <nav aria-label={t('label')}>
      <ul className="flex flex-wrap gap-2 text-sm">
        {links.map((l) => (
          <li key={l.key}>
            <Link
              href={l.href}
              data-testid={`machine-link-${l.key}`}
              className="inline-block rounded border border-slate-300 bg-white px-3 py-1 text-blue-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600"
            >
              {t(l.key)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
