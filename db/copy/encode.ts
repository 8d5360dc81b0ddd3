import type { SourceValue } from './source';

/** The target column's type as PostgreSQL names it (information_schema data_type). */
export type TargetType = string;

/** Why one value cannot go into its target column; the copy names table, column and key. */
export class ValueError extends Error {}

const INTEGER = new Set(['smallint', 'integer', 'bigint']);
const FLOAT = new Set(['double precision', 'real', 'numeric']);
const JSON_TYPES = new Set(['json', 'jsonb']);

/**
 * One field of COPY's text format: `\N` for NULL, and backslash, newline, carriage return
 * and tab escaped, so any text (a raw push body with all four, an emoji) arrives unchanged.
 * Text format rather than CSV: it has one escape rule and no quoting to get wrong.
 */
export function field(v: SourceValue, type: TargetType): string {
  if (v === null) return '\\N';
  if (type === 'boolean') return boolean(v);
  if (type === 'bytea') {
    const bytes = Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');
    // Hex bytea input; its leading backslash is itself escaped in text format.
    return `\\\\x${bytes.toString('hex')}`;
  }
  if (INTEGER.has(type)) return integer(v);
  if (FLOAT.has(type)) {
    if (typeof v === 'bigint' || typeof v === 'number') return String(v);
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return v.trim();
    throw new ValueError(`${describe(v)} is not a number`);
  }
  return text(v, JSON_TYPES.has(type));
}

function boolean(v: SourceValue): string {
  // SQLite keeps drizzle's booleans as 0/1.
  if (v === 0n || v === 0) return 'f';
  if (v === 1n || v === 1) return 't';
  throw new ValueError(`${describe(v)} is not a boolean (0 or 1)`);
}

function integer(v: SourceValue): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return v.trim();
  throw new ValueError(`${describe(v)} is not a whole number`);
}

function text(v: SourceValue, json: boolean): string {
  let s: string;
  if (Buffer.isBuffer(v)) {
    s = v.toString('utf8');
    if (!Buffer.from(s, 'utf8').equals(v)) throw new ValueError('a BLOB that is not UTF-8 text');
  } else s = String(v);
  // PostgreSQL text cannot hold NUL; dropping it would change the value silently (D100).
  if (s.includes('\0')) throw new ValueError(`text with a NUL character${json ? ' (JSON)' : ''}`);
  return s.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function describe(v: SourceValue): string {
  if (Buffer.isBuffer(v)) return `a BLOB of ${v.length} bytes`;
  const s = String(v);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** One row as a line of COPY text format. */
export function line(values: SourceValue[], types: TargetType[]): string {
  let out = '';
  for (let i = 0; i < types.length; i++) {
    if (i > 0) out += '\t';
    out += field(values[i]!, types[i]!);
  }
  return `${out}\n`;
}

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
