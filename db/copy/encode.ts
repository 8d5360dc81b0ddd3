import type { SourceValue } from './source';

/** The target column's type as PostgreSQL names it (information_schema data_type). */
export type TargetType = string;

/** Why one value cannot go into its target column; the copy names table, column and key. */
export class ValueError extends Error {}

type Encoder = (v: SourceValue) => string;

const INTEGER = new Set(['smallint', 'integer', 'bigint']);
const FLOAT = new Set(['double precision', 'real', 'numeric']);
const JSON_TYPES = new Set(['json', 'jsonb']);
const NULL = '\\N';

/**
 * How a value becomes one field of COPY's text format for a column of `type`: `\N` for NULL,
 * and backslash, newline, carriage return and tab escaped, so any text (a raw push body with
 * all four, an emoji) arrives unchanged. Text format rather than CSV: one escape rule and no
 * quoting to get wrong. One function per column, chosen once, because this runs per value.
 */
export function encoderFor(type: TargetType): Encoder {
  if (type === 'boolean') return boolean;
  if (type === 'bytea') return bytea;
  if (INTEGER.has(type)) return integer;
  if (FLOAT.has(type)) return float;
  return JSON_TYPES.has(type) ? json : text;
}

export const field = (v: SourceValue, type: TargetType) => encoderFor(type)(v);

function boolean(v: SourceValue): string {
  if (v === null) return NULL;
  // SQLite keeps drizzle's booleans as 0/1.
  if (v === 0n || v === 0) return 'f';
  if (v === 1n || v === 1) return 't';
  throw new ValueError(`${describe(v)} is not a boolean (0 or 1)`);
}

function bytea(v: SourceValue): string {
  if (v === null) return NULL;
  const bytes = Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');
  // Hex bytea input; its leading backslash is itself escaped in text format.
  return `\\\\x${bytes.toString('hex')}`;
}

function integer(v: SourceValue): string {
  if (v === null) return NULL;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return v.trim();
  throw new ValueError(`${describe(v)} is not a whole number`);
}

function float(v: SourceValue): string {
  if (v === null) return NULL;
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return v.trim();
  throw new ValueError(`${describe(v)} is not a number`);
}

const text = (v: SourceValue) => escape(v, '');
const json = (v: SourceValue) => escape(v, ' (JSON)');

const SPECIAL = /[\\\n\r\t\0]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(v: SourceValue, what: string): string {
  if (v === null) return NULL;
  let s: string;
  if (typeof v === 'string') s = v;
  else if (Buffer.isBuffer(v)) {
    s = v.toString('utf8');
    if (!Buffer.from(s, 'utf8').equals(v)) throw new ValueError('a BLOB that is not UTF-8 text');
  } else s = String(v);
  // Most values need no escape: testing first is far cheaper than replacing every value.
  if (!SPECIAL.test(s)) return s;
  // PostgreSQL text cannot hold NUL; dropping it would change the value silently (D100).
  if (s.includes('\0')) throw new ValueError(`text with a NUL character${what}`);
  return s.replace(SPECIALS, (c) => ESCAPES[c]!);
}

function describe(v: SourceValue): string {
  if (Buffer.isBuffer(v)) return `a BLOB of ${v.length} bytes`;
  const s = String(v);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** Rows as lines of COPY text format, with one encoder per column. */
export function lines(rows: SourceValue[][], encoders: Encoder[]): string {
  const n = encoders.length;
  const parts: string[] = new Array<string>(rows.length);
  const fields: string[] = new Array<string>(n);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let i = 0; i < n; i++) fields[i] = encoders[i]!(row[i]!);
    parts[r] = fields.join('\t');
  }
  return parts.length > 0 ? `${parts.join('\n')}\n` : '';
}

export const line = (values: SourceValue[], types: TargetType[]) =>
  lines([values], types.map(encoderFor));

/** A key as stored in the progress table: JSON, with integers tagged so none loses a digit. */
export function keyToJson(key: SourceValue[]): string {
  return JSON.stringify(
    key.map((k) =>
      typeof k === 'bigint'
        ? { int: k.toString() }
        : Buffer.isBuffer(k)
          ? { hex: k.toString('hex') }
          : k,
    ),
  );
}

export function keyFromJson(json: string): SourceValue[] {
  return (JSON.parse(json) as (string | number | null | { int?: string; hex?: string })[]).map(
    (k) => {
      if (k !== null && typeof k === 'object') {
        return k.int !== undefined ? BigInt(k.int) : Buffer.from(k.hex ?? '', 'hex');
      }
      return k;
    },
  );
}
