import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, csvResponse } from './csv';

describe('the one CSV writer', () => {
  it('quotes what needs quoting', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(350)).toBe('350');
    expect(csvField('A,1')).toBe('"A,1"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvLine(['a', null, undefined, 2])).toBe('a,,,2\r\n');
  });

  it('defuses every start a spreadsheet runs as a formula, line feed included', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('\n=1+1')).toBe(`"'\n=1+1"`);
    expect(csvField('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvField('\t=1+1')).toBe(`'\t=1+1`);
    expect(csvField('+1-2')).toBe(`'+1-2`);
    expect(csvField('-2+3')).toBe(`'-2+3`);
    expect(csvField('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(csvField('+86 138')).toBe(`'+86 138`);
  });

  it('leaves a plain decimal a number, as a string or a number', () => {
    expect(csvField('-1')).toBe('-1');
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField(-1)).toBe('-1');
    expect(csvField('-1e3')).toBe(`'-1e3`);
  });

  it('never lets a cell start with a formula character, and reads back to what was written', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const cell = csvField(text);
        const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell;
        const plain = /^-?\d+(\.\d+)?$/.test(text);
        if (!plain) expect(unquoted).not.toMatch(/^[=+\-@\t\r\n]/);
        expect(unquoted === text || unquoted === `'${text}`).toBe(true);
      }),
    );
  });

  it('streams a body a chunk at a time after the byte-order mark', async () => {
    const chunks = ['a,b\r\n', '1,2\r\n'];
    const r = csvResponse(() => chunks.shift() ?? null, 'x.csv');
    expect(r.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe('a,b\r\n1,2\r\n');
  });
});
