import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from './index';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keys(v, prefix ? `${prefix}.${k}` : k),
  );
}

function leaf(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], value);
}

describe('message catalogue', () => {
  it('has every key in both languages, none empty', () => {
    const zh = keys(MESSAGES['zh-CN']).sort();
    const en = keys(MESSAGES.en).sort();
    expect(en).toEqual(zh);
    for (const k of zh) {
      expect(leaf(MESSAGES['zh-CN'], k), k).not.toBe('');
      expect(leaf(MESSAGES.en, k), k).not.toBe('');
    }
  });

  it('parses in both languages, with the same arguments', () => {
    const args = (elements: MessageFormatElement[], out = new Set<string>()): Set<string> => {
      for (const e of elements) {
        if ('value' in e && e.type !== TYPE.literal) out.add(String(e.value));
        if ('options' in e) for (const o of Object.values(e.options)) args(o.value, out);
        if (e.type === TYPE.tag) args(e.children, out);
      }
      return out;
    };
    const vars = (s: string) => [...args(parse(s, { ignoreTag: true }))].sort();
    for (const k of keys(MESSAGES.en)) {
      expect(vars(leaf(MESSAGES['zh-CN'], k) as string), k).toEqual(
        vars(leaf(MESSAGES.en, k) as string),
      );
    }
  });
});
