import { describe, expect, it } from 'vitest';
import { canonicalTarget, decodedPath, pageParam } from './url';

describe('canonical request targets', () => {
  it('resolves dot segments, also encoded, and collapses repeated slashes', () => {
    expect(canonicalTarget('/api/v1/machines/../temperatures')).toBe('/api/v1/temperatures');
    expect(canonicalTarget('/api/v1/machines/%2e%2E/x?a=1')).toBe('/api/v1/x?a=1');
    expect(canonicalTarget('//api//v1/users')).toBe('/api/v1/users');
    expect(canonicalTarget('/a\\..\\b')).toBe('/b');
  });

  it('keeps the query as sent and an ordinary path as it was', () => {
    expect(canonicalTarget('/machines/CN%20%E6%B5%8B-1?x=%2e%2e/..')).toBe(
      '/machines/CN%20%E6%B5%8B-1?x=%2e%2e/..',
    );
    expect(canonicalTarget('http://evil.example/api/v1/machines?q=1')).toBe('/api/v1/machines?q=1');
    expect(canonicalTarget('*')).toBeNull();
  });
});

describe('decoded paths', () => {
  it('decodes each segment and keeps an encoded slash inside its segment', () => {
    expect(decodedPath('/machines/a%2Fb?x=1')).toBe('/machines/a%2Fb');
    expect(decodedPath('/machines/CN%20%E6%B5%8B%E8%AF%95-1')).toBe('/machines/CN 测试-1');
    expect(decodedPath('/machines/A%2BB')).toBe('/machines/A+B');
    expect(decodedPath('/machines/%E0%A4%A')).toBeNull();
  });
});

describe('page params', () => {
  it('gives back the id Next.js encoded for the page', () => {
    for (const id of ['CN 测试-1', 'A+B', 'a/b', 'x%y', 'q?r#s', '..', '%E0'])
      expect(pageParam(encodeURIComponent(id))).toBe(id);
  });
});
