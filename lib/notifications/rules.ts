import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { inTransaction } from '@/db/prepared';
import {
  deleteRule,
  existingAreaIds,
  existingLineIds,
  insertRule,
  liveChannelIds,
  liveRules,
  rulesVersion,
  type RuleRow,
} from '@/db/queries/notification-rules';
import { ApiError } from '@/lib/edge/errors';
import type { Caller } from '@/lib/edge/caller';
import { audit } from '@/lib/admin/audit';
import { RULE_KINDS } from './kinds';
import { connectionKey } from '@/db/statements';

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected HH:MM (00:00–23:59)' });
const ids = (what: string) =>
  z
    .array(z.number().int().positive(), { error: `${what} must be a list of ids` })
    .min(1, { error: `${what} must not be empty (leave it out for any)` })
    .max(200, { error: `at most 200 ${what}` });

export const newRuleBody = z
  .strictObject({
    channelId: z.number().int().positive(),
    kinds: z
      .array(z.enum(RULE_KINDS, { error: `kinds: expected one of ${RULE_KINDS.join(', ')}` }))
      .min(1, { error: 'kinds must not be empty (leave it out for any)' })
      .max(RULE_KINDS.length)
      .optional(),
    lines: ids('lines').optional(),
    areas: ids('areas').optional(),
    assetIds: z
      .array(z.string().trim().min(1).max(64))
      .min(1, { error: 'assetIds must not be empty (leave it out for any)' })
      .max(500, { error: 'at most 500 assetIds' })
      .optional(),
    quietHours: z
      .strictObject({ from: hhmm, to: hhmm })
      .refine((q) => q.from !== q.to, { error: 'quiet hours must not start and end at once' })
      .optional(),
    escalateAfterMinutes: z.number().int().min(1).max(10_080).optional(),
    escalateChannelId: z.number().int().positive().optional(),
    language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  })
  .refine((r) => (r.escalateAfterMinutes === undefined) === (r.escalateChannelId === undefined), {
    error: 'escalateAfterMinutes and escalateChannelId go together',
  });
export type NewRuleBody = z.infer<typeof newRuleBody>;

/** A rule as the API shows it. */
export function ruleView(r: RuleRow) {
  const list = <T>(v: string | null) => (v === null ? null : (JSON.parse(v) as T[]));
  return {
    id: r.id,
    channelId: r.channelId,
    kinds: list<string>(r.kinds),
    lines: list<number>(r.lineIds),
    areas: list<number>(r.areas),
    assetIds: list<string>(r.assetIds),
    quietHours: r.quietFrom && r.quietTo ? { from: r.quietFrom, to: r.quietTo } : null,
    escalateAfterMinutes: r.escalateAfterMinutes,
    escalateChannelId: r.escalateChannelId,
    language: r.language,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
  };
}

export async function createRule(db: Db, caller: Caller, body: NewRuleBody, now: number) {
  const by = caller.principal?.label ?? 'system';
  return await inTransaction(db, async () => {
    const wanted = [body.channelId, ...(body.escalateChannelId ? [body.escalateChannelId] : [])];
    const live = await liveChannelIds(db, wanted);
    for (const id of wanted)
      if (!live.has(id))
        throw new ApiError('UNPROCESSABLE', `channel ${id} does not exist or was deleted`);
    const missing = async (
      asked: number[] | undefined,
      found: (ids: number[]) => Promise<Set<number>>,
    ) => {
      const have = await found(asked ?? []);
      return (asked ?? []).filter((id) => !have.has(id));
    };
    const noLines = await missing(body.lines, async (i) => await existingLineIds(db, i));
    if (noLines.length) throw new ApiError('UNPROCESSABLE', `lines: no line ${noLines.join(', ')}`);
    const noAreas = await missing(body.areas, async (i) => await existingAreaIds(db, i));
    if (noAreas.length) throw new ApiError('UNPROCESSABLE', `areas: no area ${noAreas.join(', ')}`);
    const json = <T>(v: T[] | undefined) => (v ? JSON.stringify([...new Set(v)]) : null);
    const row = await insertRule(db, {
      channelId: body.channelId,
      kinds: json(body.kinds),
      lineIds: json(body.lines),
      areas: json(body.areas),
      assetIds: json(body.assetIds),
      quietFrom: body.quietHours?.from ?? null,
      quietTo: body.quietHours?.to ?? null,
      escalateAfterMinutes: body.escalateAfterMinutes ?? null,
      escalateChannelId: body.escalateChannelId ?? null,
      language: body.language,
      createdAt: now,
      createdBy: by,
    });
    const view = ruleView(row);
    await audit(
      db,
      caller,
      {
        action: 'notification.rule_create',
        targetKind: 'notificationRule',
        targetId: row.id,
        after: view,
      },
      now,
    );
    return view;
  });
}

export async function removeRule(db: Db, caller: Caller, id: number, now: number) {
  return await inTransaction(db, async () => {
    const row = await deleteRule(db, { id, at: now, by: caller.principal?.label ?? 'system' });
    if (!row) throw new ApiError('NOT_FOUND', `rule ${id} does not exist`);
    const view = ruleView(row);
    await audit(
      db,
      caller,
      {
        action: 'notification.rule_delete',
        targetKind: 'notificationRule',
        targetId: id,
        before: view,
      },
      now,
    );
    return view;
  });
}

/** A live rule parsed once: its filters as sets (null: any). */
export interface CompiledRule {
  id: number;
  channelId: number;
  kinds: Set<string> | null;
  lines: Set<number> | null;
  areas: Set<number> | null;
  assetIds: Set<string> | null;
  quiet: { from: number; to: number } | null;
  escalateAfterMinutes: number | null;
  escalateChannelId: number | null;
  language: 'zh-CN' | 'en';
}

const minutesOf = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));

function compile(r: RuleRow): CompiledRule {
  const set = <T>(v: string | null) => (v === null ? null : new Set(JSON.parse(v) as T[]));
  return {
    id: r.id,
    channelId: r.channelId,
    kinds: set<string>(r.kinds),
    lines: set<number>(r.lineIds),
    areas: set<number>(r.areas),
    assetIds: set<string>(r.assetIds),
    quiet:
      r.quietFrom && r.quietTo ? { from: minutesOf(r.quietFrom), to: minutesOf(r.quietTo) } : null,
    escalateAfterMinutes: r.escalateAfterMinutes,
    escalateChannelId: r.escalateChannelId,
    language: r.language,
  };
}

/**
 * The live rules, cached per connection and reloaded only when the rules' version (one row
 * read by its key) has moved: matching an alert costs no scan of the rules table.
 */
const cache = new WeakMap<object, { version: string; rules: CompiledRule[] }>();
export async function cachedRules(db: Db): Promise<CompiledRule[]> {
  const version = await rulesVersion(db);
  const hit = cache.get(connectionKey(db));
  if (hit && hit.version === version) return hit.rules;
  const rules = (await liveRules(db)).map(compile);
  cache.set(connectionKey(db), { version, rules });
  return rules;
}

/** Whether a rule takes an alert: every filter it sets must pass; a machine filter needs a machine. */
export function ruleMatches(
  r: CompiledRule,
  a: { kind: string; assetId: string | null; lineId: number | null; areaId: number | null },
) {
  if (r.kinds && !r.kinds.has(a.kind)) return false;
  if (r.assetIds && (a.assetId === null || !r.assetIds.has(a.assetId))) return false;
  if (r.lines && (a.lineId === null || !r.lines.has(a.lineId))) return false;
  if (r.areas && (a.areaId === null || !r.areas.has(a.areaId))) return false;
  return true;
}
