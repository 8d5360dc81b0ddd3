import { isSafeNumber, parse, stringify } from 'lossless-json';

/**
 * The SAAS platform's JSON, read and written without losing digits (docs/decisions.md D73).
 * Its ids (orders, refunds, commodities, TransId) are 16 digits and longer and sometimes come
 * as JSON numbers: past 2^53 `JSON.parse` rounds them into a neighbour (9123456789012345 →
 * 9123456789012344). Node 20's `JSON.parse` gives a reviver no access to a number's source
 * text, so lossless-json reads it: a number a double holds exactly is a number, any other
 * keeps its text as a string, digit for digit (the schemas read ids as text either way, and
 * prices through their decimal text). A key given twice keeps its last value, as with
 * `JSON.parse`.
 */
const readNumber = (text: string): number | string => (isSafeNumber(text) ? Number(text) : text);

/** Throws a SyntaxError for text that is not JSON, as `JSON.parse` does. */
export function parseSaasJson(text: string): unknown {
  return parse(text, null, {
    parseNumber: readNumber,
    onDuplicateKey: ({ newValue }) => newValue,
  });
}

/** JSON text for a request; a bigint is written as its digits (an id past 2^53). */
export function stringifySaasJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

/** An id as the platform's number: exact digits as a bigint, else the text as it is. */
export function idNumber(id: string | number): bigint | number | string {
  const text = String(id).trim();
  if (!/^\d+$/.test(text)) return text;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}
