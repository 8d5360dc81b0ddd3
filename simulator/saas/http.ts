import type { IncomingMessage, ServerResponse } from 'node:http';
import { toJson } from './money';

/** A refusal answered in the common envelope (§ "Common Return Value Description"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY = 1 << 20;

export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY) throw new ApiError(413, 'Request body is too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req);
  if (!text.trim()) throw new ApiError(400, 'A JSON request body is required');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'The request body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = toJson(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function envelope(timestamp: number, data: unknown) {
  return { statusCode: 200, data, succeeded: true, errors: null, extras: null, timestamp };
}

export function failure(timestamp: number, statusCode: number, message: string) {
  return { statusCode, data: null, succeeded: false, errors: message, extras: null, timestamp };
}

type IntOptions = { oneOf?: readonly number[]; min?: number };

/**
 * Request members read the way ASP.NET Core's web defaults bind them: names case-insensitive
 * (so the spec's camelCase example and PascalCase table both work), numbers also from numeric
 * strings, strings only from strings. Null counts as absent.
 */
export class Fields {
  private readonly byName = new Map<string, unknown>();

  constructor(
    body: Record<string, unknown>,
    /** Where these members sit in the body, for messages: "Data[1]." */
    private readonly path = '',
  ) {
    for (const [k, v] of Object.entries(body)) this.byName.set(k.toLowerCase(), v);
  }

  raw(name: string): unknown {
    return this.byName.get(name.toLowerCase()) ?? undefined;
  }

  string(name: string, max?: number): string {
    const v = this.optionalString(name, max);
    if (v === undefined || v === '')
      throw new ApiError(400, `The ${this.path}${name} field is required`);
    return v;
  }

  optionalString(name: string, max?: number): string | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string')
      throw new ApiError(400, `The ${this.path}${name} field must be a string`);
    if (max !== undefined && v.length > max) {
      throw new ApiError(400, `The ${this.path}${name} field must be at most ${max} characters`);
    }
    return v;
  }

  int(name: string, o: IntOptions = {}): number {
    const v = this.optionalInt(name, o);
    if (v === undefined) throw new ApiError(400, `The ${this.path}${name} field is required`);
    return v;
  }

  optionalInt(name: string, o: IntOptions = {}): number | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
      throw new ApiError(400, `The ${this.path}${name} field must be an integer`);
    }
    if (o.oneOf && !o.oneOf.includes(n)) {
      throw new ApiError(400, `The ${this.path}${name} field must be one of ${o.oneOf.join(', ')}`);
    }
    if (o.min !== undefined && n < o.min) {
      throw new ApiError(400, `The ${this.path}${name} field must be at least ${o.min}`);
    }
    return n;
  }

  list(name: string): Fields[] {
    const v = this.raw(name);
    if (v === undefined || v === null)
      throw new ApiError(400, `The ${this.path}${name} field is required`);
    if (!Array.isArray(v)) throw new ApiError(400, `The ${this.path}${name} field must be a list`);
    return v.map((item, i) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        throw new ApiError(400, `${this.path}${name}[${i}] must be an object`);
      }
      return new Fields(item as Record<string, unknown>, `${this.path}${name}[${i}].`);
    });
  }
}
