// A fetch for the service pages' tests that answers by route rather than by
// order: the pages ask several things at once (a report per day, a list and
// its summary), so the order of the calls is not theirs to promise.
//
//   const server = routeFetch({
//     'GET /facilities': () => jsonResponse(200, page),
//     'POST /canteens/2/costs': (call) => jsonResponse(201, { ...call.body, id: 1 }),
//   });
//   server.calls('POST /canteens/2/costs')[0].body
//
// A key is "METHOD PATH" (PATH after /api/v1, without the query); the longest
// matching key wins, and a key ending in '*' matches every path it begins.
// An unknown route answers 599 and is listed in `unmatched`, so that a test
// sees what it did not expect.
import { vi } from 'vitest';

export interface RoutedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export type Handler = (call: RoutedCall) => Response;

export function routeFetch(handlers: Record<string, Handler>) {
  const log: RoutedCall[] = [];
  const unmatched: string[] = [];
  const keys = Object.keys(handlers).sort((a, b) => b.length - a.length);

  function find(method: string, path: string): Handler | undefined {
    for (const key of keys) {
      const [m, p] = key.split(' ') as [string, string];
      if (m !== method) continue;
      if (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p) return handlers[key];
    }
    return undefined;
  }

  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const text = typeof init?.body === 'string' ? init.body : '';
    const call: RoutedCall = {
      method,
      path,
      query: url.searchParams,
      headers: new Headers(init?.headers),
      body: text ? JSON.parse(text) : undefined,
    };
    log.push(call);
    const handler = find(method, path);
    if (!handler) {
      unmatched.push(`${method} ${path}${url.search}`);
      return new Response(JSON.stringify({ code: 'internal', message: `no test route ${method} ${path}` }), {
        status: 599,
      });
    }
    return handler(call);
  });
  vi.stubGlobal('fetch', fn);

  return {
    fn,
    unmatched,
    // The calls of one "METHOD PATH" (exact), oldest first.
    calls(key: string): RoutedCall[] {
      const [m, p] = key.split(' ');
      return log.filter((c) => c.method === m && c.path === p);
    },
  };
}
