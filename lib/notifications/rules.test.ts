import { describe, expect, it } from 'vitest';
import { ruleMatches, type CompiledRule } from './rules';

const rule = (o: Partial<CompiledRule>): CompiledRule => ({
  id: 1,
  channelId: 1,
  kinds: null,
  lines: null,
  areas: null,
  assetIds: null,
  quiet: null,
  escalateAfterMinutes: null,
  escalateChannelId: null,
  language: 'zh-CN',
  ...o,
});
const offline = { kind: 'offline', assetId: 'A-1', lineId: 3, areaId: 7 };
const ownAlert = { kind: 'channelFailing', assetId: null, lineId: null, areaId: null };

describe('which rules take an alert', () => {
  it('every filter a rule sets must pass; a rule with none takes every alert', () => {
    expect(ruleMatches(rule({}), offline)).toBe(true);
    expect(ruleMatches(rule({}), ownAlert)).toBe(true);
    expect(ruleMatches(rule({ kinds: new Set(['offline']), lines: new Set([3]) }), offline)).toBe(
      true,
    );
    expect(ruleMatches(rule({ kinds: new Set(['offline']), lines: new Set([4]) }), offline)).toBe(
      false,
    );
    expect(ruleMatches(rule({ kinds: new Set(['temperature']) }), offline)).toBe(false);
    expect(ruleMatches(rule({ areas: new Set([7]), assetIds: new Set(['A-1']) }), offline)).toBe(
      true,
    );
    expect(ruleMatches(rule({ assetIds: new Set(['A-2']) }), offline)).toBe(false);
  });

  it('the app’s own alerts (no machine) reach only rules without machine filters', () => {
    expect(ruleMatches(rule({ kinds: new Set(['channelFailing']) }), ownAlert)).toBe(true);
    expect(ruleMatches(rule({ lines: new Set([3]) }), ownAlert)).toBe(false);
    expect(ruleMatches(rule({ areas: new Set([7]) }), ownAlert)).toBe(false);
    expect(ruleMatches(rule({ assetIds: new Set(['A-1']) }), ownAlert)).toBe(false);
  });
});
