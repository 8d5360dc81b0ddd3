import { describe, expect, it } from 'vitest';
import { canonicalFilter, filterFromSearch, filterToSearch, toSearchParams } from './filter';

describe('machine list filter in a URL', () => {
  it('reads valid values and drops the rest, so a mistyped link still opens the list', () => {
    const f = filterFromSearch(
      new URLSearchParams(
        'line=地铁 2 号线&online=false&faults=yes&soldOut=true&platform=x&sort=price&dir=desc&q=%20a%20&extra=1',
      ),
    );
    expect(f).toEqual({ line: '地铁 2 号线', online: false, soldOut: true, dir: 'desc', q: 'a' });
  });

  it('leaves the default sort out, so an unfiltered list has one query key', () => {
    expect(filterFromSearch(new URLSearchParams('sort=assetId&dir=asc'))).toEqual({});
    expect(canonicalFilter({ sort: 'assetId', dir: 'asc', site: ' ' })).toEqual({});
  });

  it('writes params in a fixed order and reads them back unchanged', () => {
    const f = { sort: 'soldOut', dir: 'desc', soldOut: true, area: '北京', q: '国贸' } as const;
    const search = filterToSearch(f);
    expect(search.toString()).toBe(
      'area=%E5%8C%97%E4%BA%AC&q=%E5%9B%BD%E8%B4%B8&soldOut=true&sort=soldOut&dir=desc',
    );
    expect(filterFromSearch(search)).toEqual(f);
  });

  it('takes the first of a repeated server search param, as URLSearchParams.get does', () => {
    expect(toSearchParams({ line: ['A', 'B'], q: undefined }).toString()).toBe('line=A');
  });
});
