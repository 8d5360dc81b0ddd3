import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

const APP = 'https://app.example';

/** What a browser would do with the destination: resolve it against a page of the app. */
function landsOnApp(next: string): boolean {
  for (const base of [`${APP}/login?next=x`, `${APP}/machines/a/b`]) {
    if (new URL(next, base).origin !== APP) return false;
    // Whatever decodes it once more must still find a path on this site.
    let decoded: string;
    try {
      decoded = decodeURIComponent(next);
    } catch {
      continue;
    }
    if (/[\u0000-\u001f\u007f-\u009f\\]/.test(decoded)) return false;
    if (new URL(decoded, base).origin !== APP) return false;
  }
  return true;
}

/** Pieces attackers combine: separators, controls, encodings, schemes, hosts. */
const piece = fc.constantFrom(
  '/',
  '//',
  '\\',
  '/\\',
  '%2F',
  '%2f',
  '%5C',
  '%09',
  '%0A',
  '%0D',
  '%00',
  '%2509',
  '%252F',
  '%C2%85',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0085',
  '\u2028',
  ' ',
  '.',
  '..',
  '/.',
  '/./',
  '/../',
  '%2E',
  '@',
  ':',
  'http:',
  'https://',
  'javascript:alert(1)',
  'evil.example',
  'login',
  'machines',
  '?next=',
  '#',
  '测试',
);
const crafted = fc
  .tuple(fc.constantFrom('', '/'), fc.array(piece, { maxLength: 8 }))
  .map(([head, p]) => head + p.join(''));
const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), crafted);

describe('safeNext', () => {
  it('keeps a path on this site', () => {
    expect(safeNext('/machines?line=3')).toBe('/machines?line=3');
    expect(safeNext('/machines/CN%20%E6%B5%8B%E8%AF%95-1')).toBe(
      '/machines/CN%20%E6%B5%8B%E8%AF%95-1',
    );
    expect(safeNext('/machines/A%2BB#top')).toBe('/machines/A%2BB#top');
  });

  it('refuses other sites, control characters and loops back to the overview', () => {
    for (const v of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      '/\t/evil.example/phish',
      '/\n/evil.example',
      '/%09/evil.example',
      '/%0A',
      '/a%0D%0ASet-Cookie:x=1',
      '/%2F%2Fevil.example',
      '/%252F%252Fevil.example',
      '/.//evil.example',
      '/%2E//evil.example',
      '/a\\..\\..\\evil',
      '/\u0085',
      '/%C2%85',
      '',
      null,
      undefined,
      ['/machines', '//evil.example'],
      '/login',
      '/login?next=/x',
      '/logout',
      '/:%2f/../%2f', // resolves to /%2f, which decodes to //
    ])
      expect(safeNext(v), JSON.stringify(v)).toBe('/');
  });

  it('whatever it is given, answers "/" or a path that stays on this site', () => {
    fc.assert(
      fc.property(anyText, (v) => {
        const next = safeNext(v);
        expect(next.startsWith('/')).toBe(true);
        expect(landsOnApp(next), next).toBe(true);
        // Printable ASCII only: a Location header can carry it.
        expect(next).toMatch(/^[\x21-\x7e]+$/);
        expect(safeNext(next)).toBe(next);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps every ordinary path as it is', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    const query = fc.option(fc.stringMatching(/^[a-z]{1,6}=[A-Za-z0-9]{0,6}$/), { nil: undefined });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), query, (segments, q) => {
        fc.pre(!/^log(in|out)$/.test(segments[0]!));
        const path = `/${segments.join('/')}${q ? `?${q}` : ''}`;
        expect(safeNext(path)).toBe(path);
      }),
    );
  });
});
