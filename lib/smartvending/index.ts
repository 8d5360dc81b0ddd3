import { smartVendingClients } from '@/lib/credentials';
import { getConfig } from '@/lib/config';
import { createSmartVendingClient, type ClientOptions } from './client';
import { SmartVendingError } from './errors';

export { createSmartVendingClient, ENDPOINTS, type SmartVendingClient } from './client';
export { SmartVendingError, isSmartVendingError } from './errors';

/**
 * The client for the platform account we pull with: Settings' credentials before the
 * environment's (lib/credentials), the first that has a base URL (a credential without one
 * uses SMARTVENDING_BASE_URL). Throws a `config` error when there is none.
 */
export function platformClient(options: Partial<ClientOptions> = {}) {
  const fallbackUrl = getConfig().SMARTVENDING_BASE_URL;
  const account = smartVendingClients().find((c) => c.baseUrl ?? fallbackUrl);
  if (!account) {
    throw new SmartVendingError(
      '(platform)',
      'config',
      null,
      'no Smart Vending base URL and credentials: set SMARTVENDING_BASE_URL, SMARTVENDING_CLIENT_ID and SMARTVENDING_KEY, or save them in Settings',
    );
  }
  return createSmartVendingClient({
    baseUrl: (account.baseUrl ?? fallbackUrl)!,
    clientId: account.clientId,
    key: account.key,
    signMode: account.signMode,
    ...options,
  });
}
