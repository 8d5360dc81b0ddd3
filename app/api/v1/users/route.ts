import { getDb } from '@/lib/db';
import { listUsers } from '@/db/queries/auth';
import { parseBody, route } from '@/lib/edge/request';
import { createUser, userView } from '@/lib/auth/accounts';
import { newUserBody } from '@/lib/auth/schemas';

export const GET = route(async () =>
  Response.json({ items: (await listUsers(getDb())).map(userView) }),
);

/** `{email, name, role, password}` → 201 and the user; 409 when the e-mail is taken. */
export const POST = route(async (request, _ctx, caller) => {
  const user = await createUser(getDb(), caller, await parseBody(request, newUserBody));
  return Response.json(user, { status: 201 });
});
