'use client';

import { useEffect } from 'react';
import { usePathname, useSearchParams } from 'next/navigation';

/**
 * Where the reader has been in this tab, newest last (a few entries, in sessionStorage), so a
 * page can link back to the list the reader came from with its filters, not to a fixed page.
 */
const KEY = 'vf.trail';
const KEEP = 8;

export function readTrail(): string[] {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Records each page the reader opens (path and query). Rendered once, in the shell. */
export function NavTrail() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  useEffect(() => {
    const here = search ? `${pathname}?${search}` : pathname;
    const trail = readTrail().filter((u) => u.split('?')[0] !== pathname);
    trail.push(here);
    try {
      sessionStorage.setItem(KEY, JSON.stringify(trail.slice(-KEEP)));
    } catch {
      // storage full or refused: back links fall back to their section's list
    }
  }, [pathname, search]);
  return null;
}
