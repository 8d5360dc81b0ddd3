import { describe, expect, it } from 'vitest';
import { openDb } from '@/lib/db';
import { listAudit } from '@/db/queries/audit';
import { AUDIT_ACTIONS, audit, masked } from './audit';

describe('audit', () => {
  it('masks secret-looking members at any depth', () => {
    expect(masked({ name: 'a', password: 'p', nested: { apiKey: 'k', secret: null } })).toEqual({
      name: 'a',
      password: '••••',
      nested: { apiKey: '••••', secret: null },
    });
  });
  it('records who, what, before and after, and filters by actor and action prefix', async () => {
    const db = openDb(':memory:');
    const caller = {
      principal: { kind: 'token' as const, id: 7, role: 'admin' as const, label: 'ci token' },
      ip: '10.0.0.1',
    };
    await audit(
      db,
      caller,
      {
        action: 'user.update',
        targetKind: 'user',
        targetId: 3,
        before: { role: 'planner' },
        after: { role: 'finance' },
      },
      100,
    );
    await audit(db, 'system', { action: 'settings.credential_create' }, 200);
    const users = await listAudit(db, { action: 'user.', limit: 10 });
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({
      actorKind: 'token',
      actorLabel: 'ci token',
      targetId: '3',
      before: '{"role":"planner"}',
      after: '{"role":"finance"}',
      ip: '10.0.0.1',
    });
    expect((await listAudit(db, { actor: 'system', limit: 10 })).map((r) => r.action)).toEqual([
      'settings.credential_create',
    ]);
    expect(await listAudit(db, { from: 150, limit: 10 })).toHaveLength(1);
  });
});

describe('every audited action', () => {
  it('has a name and reads as a sentence in both languages', async () => {
    const { actionKey } = await import('@/app/(app)/admin/audit/sentence');
    const { MESSAGES } = await import('@/lib/i18n');
    for (const action of AUDIT_ACTIONS) {
      const key = actionKey(action);
      expect(key, action).not.toBe('other');
      for (const messages of Object.values(MESSAGES)) {
        // Named in the action filter, told as a sentence in the log.
        expect((messages.audit.actions as Record<string, string>)[key], action).toBeTruthy();
        const sentences = messages.audit.sentences as Record<string, string>;
        // A user's update is told by what changed (role, name, disabled), each its own sentence.
        if (key === 'user_update') expect(sentences.user_role, action).toBeTruthy();
        else expect(sentences[key], action).toBeTruthy();
      }
    }
  });
});
