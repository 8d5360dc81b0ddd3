import { tomcatPage } from '@/simulator/tomcat';

/**
 * A stand-in for the platform's HTTP answers in unit tests: a `fetch` that answers each
 * (method, path) with a fixture written in the vendor's shapes, and records every request. The
 * client under test is the real one; only the far side of the network is fixed.
 */
export interface Answer {
  status?: number;
  contentType?: string;
  body: unknown;
}
export type Route = (req: Seen) => Answer;
export interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

export function fixturePlatform(routes: Record<string, Route>) {
  const seen: Seen[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const req: Seen = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as Seen['body']) : undefined,
    };
    seen.push(req);
    const route = routes[`${method} ${url.pathname}`] ?? routes[url.pathname];
    const a: Answer = route
      ? route(req)
      : { status: 404, contentType: 'text/html', body: tomcatPage(404, 'Not Found') };
    const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    return new Response(text, {
      status: a.status ?? 200,
      headers: { 'content-type': a.contentType ?? 'application/json;charset=UTF-8' },
    });
  }) as typeof globalThis.fetch;
  return { fetch, seen };
}
