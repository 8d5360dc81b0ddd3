import 'server-only';
import { saasCredentials } from '@/lib/settings/credentials';
import { getConfig } from '@/lib/config';
import { createSaasClient, type SaasClient } from './client';

export { SaasError, type SaasClient } from './client';

/**
 * The process's one SAAS client (its token cache is shared by the poller and the route
 * handlers; globalThis, because the server's modules and Next's bundle are separate copies).
 * Credentials are read on every call, so a change in Settings applies at once.
 */
const KEY = Symbol.for('vending.saas-client');
type Holder = { [KEY]?: SaasClient };

export function saasClient(): SaasClient {
  const holder = globalThis as Holder;
  holder[KEY] ??= createSaasClient({
    credentials: async () => {
      const c = await saasCredentials();
      return c && { ...c, baseUrl: c.baseUrl ?? getConfig().SAAS_BASE_URL };
    },
  });
  return holder[KEY];
}
