import 'server-only';
import pRetry from 'p-retry';
import { isSmartVendingError } from '@/lib/platforms/smartvending';
import type { JobContext } from './context';

/**
 * A page whose body arrived cut short is asked for again, twice at most (D51): the client
 * itself never retries a malformed answer, but re-reading a page is harmless and a truncated
 * body is a transport fault far more often than a platform that always answers so.
 */
export function reread<T>(j: JobContext, read: () => Promise<T>): Promise<T> {
  return pRetry(read, {
    retries: 2,
    minTimeout: 200,
    randomize: true,
    signal: j.signal,
    shouldRetry: ({ error }) => isSmartVendingError(error) && error.kind === 'malformed',
    onFailedAttempt: async ({ error, retriesLeft }) => {
      if (retriesLeft > 0 && isSmartVendingError(error) && error.kind === 'malformed')
        await j.warn(`${error.message}; asked again`);
    },
  });
}
