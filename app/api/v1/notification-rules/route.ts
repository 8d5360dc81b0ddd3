import { getDb } from '@/lib/db';
import { liveRules, ruleChoices } from '@/db/queries/notification-rules';
import { parseBody, route } from '@/lib/edge/request';
import { createRule, newRuleBody, ruleView } from '@/lib/notifications/rules';

/** The live rules, and what a new rule may name (live channels, lines, areas). */
export const GET = route(async () => {
  const db = getDb();
  return Response.json({ items: (await liveRules(db)).map(ruleView), ...(await ruleChoices(db)) });
});

/** A new rule: which alerts (kinds, lines, areas, machines) go to which channel, and when. */
export const POST = route(async (request, _ctx, caller) => {
  const body = await parseBody(request, newRuleBody);
  const rule = await createRule(getDb(), caller, body, Math.floor(Date.now() / 1000));
  return Response.json(rule, { status: 201 });
});
