import { getDb } from '@/lib/db';
import { route } from '@/lib/edge/request';
import { testCredential } from '@/lib/settings/platform-credentials';

/** Calls the platform with the credential; 200 with `{ok, status, detail, ms}` either way. */
export const POST = route<{ params: Promise<{ id: string }> }>(
  async (_request, { params }, caller) =>
    Response.json(await testCredential(getDb(), caller, (await params).id)),
);
