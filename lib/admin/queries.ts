import { queryOptions } from '@tanstack/react-query';
import type { userView } from '@/lib/auth/accounts';
import type { tokenView } from '@/lib/auth/api-tokens';
import type { credentialView, environmentCredentials } from '@/lib/settings/platform-credentials';
import type { AuditRow } from '@/db/queries/audit';
import type { Thresholds } from '@/lib/alerts/thresholds';
import type { ClientView } from '@/lib/settings/clients';
import { fetchJson } from '@/lib/edge/fetch-json';
import type { Role } from '@/lib/auth/roles';

export type UserView = Awaited<ReturnType<typeof userView>>;
export type TokenView = Awaited<ReturnType<typeof tokenView>>;
export interface CredentialsView {
  items: Awaited<ReturnType<typeof credentialView>>[];
  environment: Awaited<ReturnType<typeof environmentCredentials>>;
  encryptionReady: boolean;
}
export interface AuditFilterParams {
  actor?: string;
  action?: string;
  from?: number;
  to?: number;
}
export type AuditItem = Omit<AuditRow, 'before' | 'after'> & { before: unknown; after: unknown };
export interface AuditPage {
  items: AuditItem[];
  nextCursor: string | null;
  actions: string[];
  /** The users the page's rows name (actors and targets), as they are now. */
  people: { id: number; name: string; role: Role }[];
}

export const usersQuery = () =>
  queryOptions({
    queryKey: ['users'],
    queryFn: () => fetchJson<{ items: UserView[] }>('/api/v1/users'),
  });

export const tokensQuery = () =>
  queryOptions({
    queryKey: ['tokens'],
    queryFn: () => fetchJson<{ items: TokenView[] }>('/api/v1/tokens'),
  });

export const credentialsQuery = () =>
  queryOptions({
    queryKey: ['credentials'],
    queryFn: () => fetchJson<CredentialsView>('/api/v1/settings/credentials'),
  });

/** Each Smart Vending client: its platform's signing forms and its door meaning (D70). */
export const clientsQuery = () =>
  queryOptions({
    queryKey: ['settings-clients'],
    queryFn: () => fetchJson<{ items: ClientView[] }>('/api/v1/settings/clients'),
  });

export const thresholdsQuery = () =>
  queryOptions({
    queryKey: ['thresholds'],
    queryFn: () => fetchJson<Thresholds>('/api/v1/settings/thresholds'),
  });

export function auditQuery(f: AuditFilterParams) {
  const params = new URLSearchParams({ limit: '200' });
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') params.set(k, String(v));
  return queryOptions({
    queryKey: ['audit', f],
    queryFn: () => fetchJson<AuditPage>(`/api/v1/audit?${params}`),
    refetchInterval: 30_000,
  });
}

/** A JSON write to our API; throws the envelope's message. */
export function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
  return fetchJson<T>(url, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
