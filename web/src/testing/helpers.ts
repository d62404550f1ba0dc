// Helpers for the component tests: a fetch that answers from a list, and a
// mount with Element Plus and an in-memory router.
import { flushPromises, mount, type ComponentMountingOptions } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { vi, type Mock } from 'vitest';
import type { Component } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { routes } from '../router';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export type FetchMock = Mock<(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>>;

// Replaces fetch: each call gets the next answer (the last one repeats).
export function mockFetch(...answers: (() => Response)[]): FetchMock {
  let i = 0;
  const fn: FetchMock = vi.fn(async () => {
    const answer = answers[Math.min(i, answers.length - 1)];
    i += 1;
    if (!answer) throw new Error('mockFetch: no answer');
    return answer();
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

export function callOf(fetchMock: FetchMock, index: number): { url: string; init: RequestInit; headers: Headers } {
  const call = fetchMock.mock.calls[index];
  if (!call) throw new Error(`fetch was called ${fetchMock.mock.calls.length} times, not ${index + 1}`);
  const init = call[1] ?? {};
  return { url: String(call[0]), init, headers: new Headers(init.headers) };
}

export function testRouter(): Router {
  return createRouter({ history: createMemoryHistory(), routes });
}

export async function mountWith<C extends Component>(
  component: C,
  options: ComponentMountingOptions<C> & { router?: Router } = {},
) {
  const router = options.router ?? testRouter();
  const wrapper = mount(component, {
    attachTo: document.body,
    ...options,
    global: { plugins: [ElementPlus, router], ...(options.global ?? {}) },
  } as ComponentMountingOptions<C>);
  await flushPromises();
  return { wrapper, router };
}

export type Route = [method: string, path: RegExp, answer: (url: URL, init: RequestInit) => Response];

// Replaces fetch for a page that makes several requests at once: each call is
// answered by the first route whose method and path (the part after /api/v1,
// without the query) match. A call no route matches throws, failing the test.
export function routeFetch(...routes: Route[]): FetchMock {
  const fn: FetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const route = routes.find(([m, pattern]) => m === method && pattern.test(path));
    if (!route) throw new Error(`routeFetch: no route for ${method} ${path}`);
    return route[2](url, init ?? {});
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

// The calls made to `method` `path`, as URLs.
export function callsTo(fetchMock: FetchMock, method: string, path: RegExp): { url: URL; init: RequestInit }[] {
  return fetchMock.mock.calls
    .map(([input, init]) => ({ url: new URL(String(input), 'http://localhost'), init: init ?? {} }))
    .filter(({ url, init }) => (init.method ?? 'GET') === method && path.test(url.pathname.replace(/^\/api\/v1/, '')));
}
