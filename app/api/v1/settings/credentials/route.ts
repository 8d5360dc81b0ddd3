import { getDb } from '@/lib/db';
import { parseBody, route } from '@/lib/edge/request';
import { credentialBody } from '@/lib/auth/schemas';
import { getConfig } from '@/lib/config';
import {
  credentialViews,
  environmentCredentials,
  saveCredential,
} from '@/lib/settings/platform-credentials';

/** Stored credentials (never their secrets) and those from the environment. */
export const GET = route(async () =>
  Response.json({
    items: await credentialViews(getDb()),
    environment: environmentCredentials(),
    encryptionReady: Boolean(getConfig().APP_SECRET),
  }),
);

/** Adds or replaces a credential for (platform, account); the secret is stored encrypted. */
export const POST = route(async (request, _ctx, caller) => {
  const saved = await saveCredential(getDb(), caller, await parseBody(request, credentialBody));
  return Response.json(saved, { status: 201 });
});
