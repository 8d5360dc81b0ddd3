import { describe, expect, it } from 'vitest';
import { expectedOrigin, isStateChanging, sameOrigin } from './origin';

const local = { appUrl: undefined, trustProxy: false };

describe('same-origin check', () => {
  it('accepts our own Origin and refuses another site', () => {
    const h = { host: 'ops.local:3000', origin: 'http://ops.local:3000' };
    expect(sameOrigin(h, expectedOrigin(h, local))).toBe(true);
    const evil = { host: 'ops.local:3000', origin: 'http://evil.example' };
    expect(sameOrigin(evil, expectedOrigin(evil, local))).toBe(false);
  });
  it('falls back to Sec-Fetch-Site, and refuses a write that carries neither', () => {
    expect(sameOrigin({ secFetchSite: 'same-origin' }, null)).toBe(true);
    expect(sameOrigin({ secFetchSite: 'cross-site' }, 'http://a')).toBe(false);
    expect(sameOrigin({ host: 'a' }, 'http://a')).toBe(false);
  });
  it('uses APP_URL when set, and https only from a trusted proxy', () => {
    expect(
      expectedOrigin({ host: 'x' }, { appUrl: 'https://ops.example.com/', trustProxy: false }),
    ).toBe('https://ops.example.com');
    const h = { host: 'ops', forwardedProto: 'https' };
    expect(expectedOrigin(h, local)).toBe('http://ops');
    expect(expectedOrigin(h, { trustProxy: true })).toBe('https://ops');
  });
  it('checks writes only', () => {
    expect(isStateChanging('GET')).toBe(false);
    expect(isStateChanging('HEAD')).toBe(false);
    expect(isStateChanging('post')).toBe(true);
    expect(isStateChanging('DELETE')).toBe(true);
  });
});
