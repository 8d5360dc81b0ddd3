import { describe, expect, it } from 'vitest';
import { authorize, canView, ruleFor, RULES } from './rules';

describe('authorize', () => {
  it('lets nobody past a signed-in rule without a principal', () => {
    expect(authorize('GET', '/api/v1/machines', null)).toEqual({
      allow: false,
      reason: 'unauthenticated',
    });
  });
  it('keeps finance figures from planners and administration from everyone but admins', () => {
    expect(authorize('GET', '/api/v1/stats/sales', { role: 'planner' }).allow).toBe(false);
    expect(authorize('GET', '/api/v1/stats/sales', { role: 'finance' }).allow).toBe(true);
    expect(authorize('GET', '/api/v1/refills/12', { role: 'operations' }).allow).toBe(false);
    expect(authorize('GET', '/api/v1/inbox', { role: 'finance' })).toEqual({
      allow: false,
      reason: 'forbidden',
    });
    expect(authorize('GET', '/api/v1/inbox', { role: 'admin' }).allow).toBe(true);
  });
  it('lets the platform in without sign-in, only with the method it uses', () => {
    expect(authorize('POST', '/api/notify/trade', null)).toEqual({
      allow: true,
      access: 'platform',
    });
    expect(authorize('GET', '/api/notify/trade', null)).toEqual({ allow: false, reason: 'method' });
  });
  it('treats HEAD as GET and ignores a trailing slash', () => {
    expect(authorize('HEAD', '/api/v1/lines/', { role: 'planner' }).allow).toBe(true);
  });
  it('matches parameters to exactly one segment', () => {
    expect(ruleFor('/api/v1/machines/A-1').path).toBe('/api/v1/machines/:assetId');
    expect(ruleFor('/api/v1/machines/A-1/extra').path).toBe('*');
    expect(ruleFor('/api/v1/machines//').path).toBe('/api/v1/machines');
  });
  it('opens a machine’s page and temperatures to every role, its trades not to planners', () => {
    for (const role of ['admin', 'operations', 'planner', 'finance'] as const) {
      expect(canView(role, '/machines/A-1')).toBe(true);
      expect(authorize('GET', '/api/v1/machines/A-1/temperatures', { role }).allow).toBe(true);
    }
    expect(canView('planner', '/api/v1/trades')).toBe(false);
    expect(ruleFor('/machines/A-1/extra').path).toBe('*');
  });
  it('gives a path without a rule to admins only', () => {
    expect(authorize('GET', '/api/v1/not-yet-written', { role: 'operations' }).allow).toBe(false);
    expect(authorize('GET', '/api/v1/not-yet-written', { role: 'admin' }).allow).toBe(true);
  });
  it('shows each role only the pages it may open', () => {
    expect(canView('planner', '/admin/users')).toBe(false);
    expect(canView('admin', '/admin/users')).toBe(true);
    expect(canView('finance', '/')).toBe(true);
  });
  it('names each path once', () => {
    const paths = RULES.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
