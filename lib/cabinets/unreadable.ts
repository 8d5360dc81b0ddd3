/**
 * Why a callback could not be read in full (docs/decisions.md D73), client-safe: the pages
 * show each cause in plain words (cabinets.causes.*). The first group is a body we could not
 * read at all, kept as an `unreadable` event; the second a callback we read whose Data lacked
 * what its action carries (kept as the callback it is).
 */
export const UNREADABLE_CAUSES = [
  'not_utf8',
  'too_complex',
  'not_json',
  'not_object',
  'no_action',
  'bad_member',
  'other_order',
  'no_data',
  'bad_data',
  'no_price',
  'unknown',
] as const;
export type UnreadableCause = (typeof UNREADABLE_CAUSES)[number];

const KNOWN = new Set<string>(UNREADABLE_CAUSES);

/**
 * An `unreadable` event's `msg`: the cause, then the developer's explanation
 * ("not_json: the body is not JSON"). The events table has no other column for it.
 */
export function unreadableMsg(cause: UnreadableCause, error: string): string {
  return `${cause}: ${error}`;
}

/** The cause back from the `msg`; events kept before the causes were (issue 16) are unknown. */
export function readUnreadableMsg(msg: string | null): { cause: UnreadableCause; error: string } {
  const m = /^([a-z_]+): ([\s\S]*)$/.exec(msg ?? '');
  if (m && KNOWN.has(m[1]!)) return { cause: m[1] as UnreadableCause, error: m[2]! };
  return { cause: 'unknown', error: msg ?? '' };
}
