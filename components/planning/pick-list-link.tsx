'use client';

import Link from 'next/link';
import { MAX_SHEET_MACHINES } from '@/lib/planning/sheet-limits';

/**
 * A link to the pick list of these machines (the first MAX_SHEET_MACHINES, duplicates dropped),
 * for any list that shows machines: the overview's alerts, the machine list. Nothing without
 * machines.
 */
export function PickListLink({
  assetIds,
  label,
  testId = 'pick-list-link',
}: {
  assetIds: readonly string[];
  label: string;
  testId?: string;
}) {
  const ids = [...new Set(assetIds)].slice(0, MAX_SHEET_MACHINES);
  if (ids.length === 0) return null;
  return (
    <Link
      href={`/pick-lists?${new URLSearchParams({ assetIds: ids.join(',') })}`}
      className="rounded border border-blue-700 px-2 py-0.5 text-xs font-medium text-blue-800 hover:bg-blue-50 focus:outline-2 focus:outline-blue-600"
      data-testid={testId}
    >
      {label}
    </Link>
  );
}
