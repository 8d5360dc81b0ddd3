import 'server-only';
import { getDb } from '@/lib/db';
import { smartVendingClients } from '@/lib/settings/credentials';
import { getConfig } from '@/lib/config';
import { createSmartVendingClient, type ClientOptions } from './client';
import { SmartVendingError } from './errors';
import { storedMethods } from './methods';

export { createSmartVendingClient, ENDPOINTS, type SmartVendingClient } from './client';
export { SmartVendingError, isSmartVendingError, type PlatformProblem } from './errors';

/**
 * The client for the platform account we pull with: Settings' credentials before the
 * environment's (lib/settings/credentials), the first that has a base URL (a credential without one
 * uses SMARTVENDING_BASE_URL). Throws a `config` error when there is none. The methods its
 * endpoints turned out to take are kept in the database (D72).
 */
export async function platformClient(options: Partial<ClientOptions> = {}) {
  const fallbackUrl = getConfig().SMARTVENDING_BASE_URL;
  const account = (await smartVendingClients()).find((c) => c.baseUrl ?? fallbackUrl);
  if (!account) {
    throw new SmartVendingError(
      '(platform)',
      'config',
      null,
      'no Smart Vending base URL and credentials: set SMARTVENDING_BASE_URL, SMARTVENDING_CLIENT_ID and SMARTVENDING_KEY, or save them in Settings',
    );
  }
  const baseUrl = (account.baseUrl ?? fallbackUrl)!;
  return createSmartVendingClient({
    baseUrl,
    clientId: account.clientId,
    key: account.key,
    signMode: account.signMode,
    methods: storedMethods(getDb(), baseUrl, () => Math.floor(Date.now() / 1000)),
    ...options,
  });
}
