import fs from 'node:fs';
import http from 'node:http';

export const MiB = 1024 * 1024;

export interface Upload {
  status: number;
  body: unknown;
  /** Bytes of the body written to the socket before the answer came. */
  sent: number;
}

export interface UploadOptions {
  bytes: number;
  /** No Content-Length: sent chunked, as a stream of unknown length is. */
  chunked?: boolean;
  headers?: Record<string, string>;
  /** The first bytes, e.g. the start of a JSON object; the rest is filler. */
  head?: string;
  /** Called once the first chunk is written. */
  onStarted?: () => void;
}

/**
 * POSTs a body of `bytes` bytes, generated chunk by chunk (nothing that size is ever held), and
 * resolves with the answer as soon as it arrives; the upload stops there.
 */
export function upload(baseUrl: string, path: string, o: UploadOptions): Promise<Upload> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(o.chunked ? {} : { 'content-length': String(o.bytes) }),
        ...o.headers,
      },
    });
    const filler = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    let answered = false;
    const write = () => {
      while (!answered && sent < o.bytes) {
        const chunk =
          sent === 0 && o.head
            ? Buffer.concat([Buffer.from(o.head), filler]).subarray(0, filler.length)
            : filler;
        const piece = chunk.subarray(0, Math.min(chunk.length, o.bytes - sent));
        const more = req.write(piece);
        if (sent === 0) o.onStarted?.();
        sent += piece.length;
        if (!more) return void req.once('drain', write);
      }
      if (!answered) req.end();
    };
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        req.destroy();
        const text = Buffer.concat(parts).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: the text as it came
        }
        resolve({ status: res.statusCode!, body, sent });
      });
    });
    // A write refused after the answer (the server closed the connection) changes nothing.
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    write();
  });
}

/** The resident memory of a process, in bytes (Linux). */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** Samples a process's resident memory until stopped; `peak()` is the most it reached. */
export function watchRss(pid: number) {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 10);
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, rssOf(pid));
    },
  };
}

/** A body with no Content-Length: fetch sends a stream chunked. */
export function chunkedInit(text: string, init: RequestInit = {}): RequestInit {
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      // Two chunks, so the server sees a body that arrives in pieces.
      c.enqueue(bytes.subarray(0, bytes.length >> 1));
      c.enqueue(bytes.subarray(bytes.length >> 1));
      c.close();
    },
  });
  return { method: 'POST', ...init, body, duplex: 'half' } as RequestInit;
}
