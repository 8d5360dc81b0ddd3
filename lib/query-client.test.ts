import { describe, expect, it } from 'vitest';
import { ApiRequestError } from './edge/fetch-json';
import { retryRead } from './query-client';

describe('retrying a failed read', () => {
  it('asks again after a network failure or a server error, three times at most', () => {
    expect(retryRead(0, new TypeError('fetch failed'))).toBe(true);
    expect(retryRead(1, new ApiRequestError('busy', 503, 'BUSY'))).toBe(true);
    expect(retryRead(3, new ApiRequestError('busy', 503, 'BUSY'))).toBe(false);
  });

  it('shows a refusal at once: asking again would say the same', () => {
    expect(retryRead(0, new ApiRequestError('too long', 422, 'RANGE_TOO_LONG'))).toBe(false);
    expect(retryRead(0, new ApiRequestError('gone', 404, 'NOT_FOUND'))).toBe(false);
    expect(retryRead(0, new ApiRequestError('stopped', 503, 'READ_TIMEOUT'))).toBe(false);
  });
});
