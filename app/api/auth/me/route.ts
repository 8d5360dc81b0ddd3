import { route } from '@/lib/edge/request';
import { signedIn } from '@/lib/edge/caller';

/** Who this request is signed in as. */
export const GET = route((_request, _ctx, caller) => {
  const p = signedIn(caller);
  return Response.json({ kind: p.kind, id: p.id, role: p.role, label: p.label });
});
