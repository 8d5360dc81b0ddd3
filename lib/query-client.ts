import { QueryClient, isServer } from '@tanstack/react-query';
import { ApiRequestError } from './edge/fetch-json';

/**
 * Whether a failed read is worth asking again at once: a network failure or a server error
 * may pass, but a refusal (4xx) says the same again, and a read stopped at its time limit or
 * for its size (D60) would only be started again to be stopped again.
 */
export function retryRead(failures: number, error: Error): boolean {
  if (failures >= 3) return false;
  if (!(error instanceof ApiRequestError)) return true;
  if (error.code === 'READ_TIMEOUT' || error.code === 'READ_TOO_LARGE') return false;
  return error.status >= 500 || error.status === 429;
}

/** A new client per server request, one for the browser's lifetime. */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 15_000, refetchOnWindowFocus: true, retry: retryRead },
    },
  });
}

let browserClient: QueryClient | undefined;

export function getQueryClient() {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
