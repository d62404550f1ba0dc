import { afterEach, describe, expect, it, vi } from 'vitest';
import * as api from './index';
import { callOf, jsonResponse, mockFetch } from '../testing/helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  api.setUnauthorizedHandler(null);
});

const resident = { id: 17, name: '王秀英', etag: '"r17v42"' };

describe('the API client', () => {
  it('sends If-Match and X-Alley-Request on a PATCH, and reads the new ETag', async () => {
    const fetchMock = mockFetch(() => jsonResponse(200, { ...resident, etag: '"r17v43"' }, { ETag: '"r17v43"' }));
    const answer = await api.updateResident(17, '"r17v42"', { tags: ['living_alone'] });
    const { url, init, headers } = callOf(fetchMock, 0);
    expect(url).toBe('/api/v1/residents/17');
    expect(init.method).toBe('PATCH');
    expect(headers.get('If-Match')).toBe('"r17v42"');
    expect(headers.get('X-Alley-Request')).toBe('1');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(init.body))).toEqual({ tags: ['living_alone'] });
    expect(init.credentials).toBe('same-origin');
    expect(answer.etag).toBe('"r17v43"');
  });

  it('sends X-Alley-Request on POST and DELETE but not on GET', async () => {
    const fetchMock = mockFetch(
      () => jsonResponse(201, resident),
      () => jsonResponse(204, null),
      () => jsonResponse(200, { items: [], total: 0, page: 1, page_size: 20 }),
    );
    await api.createResident({ id_number: '320706193801200147', name: '王秀英', unit: '320706006010' });
    await api.deleteResident(17, '"r17v42"');
    await api.listResidents({ q: '王' });
    expect(callOf(fetchMock, 0).headers.get('X-Alley-Request')).toBe('1');
    expect(callOf(fetchMock, 0).headers.get('If-Match')).toBeNull();
    expect(callOf(fetchMock, 1).init.method).toBe('DELETE');
    expect(callOf(fetchMock, 1).headers.get('X-Alley-Request')).toBe('1');
    expect(callOf(fetchMock, 1).headers.get('If-Match')).toBe('"r17v42"');
    expect(callOf(fetchMock, 2).headers.get('X-Alley-Request')).toBeNull();
  });

  it('repeats list parameters and leaves out empty ones', () => {
    expect(api.buildUrl('/residents', { tag: ['living_alone', 'veteran'], q: '', sex: undefined, page: 2 })).toBe(
      '/api/v1/residents?tag=living_alone&tag=veteran&page=2',
    );
  });

  it('turns an error answer into an ApiError with the server message', async () => {
    mockFetch(() => jsonResponse(409, { code: 'aborted', message: 'resident 17 changed since "r17v42"' }));
    const error = await api.updateResident(17, '"r17v42"', { name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(api.ApiError);
    expect(error).toMatchObject({ status: 409, code: 'aborted', message: 'resident 17 changed since "r17v42"' });
  });

  it('calls the unauthorized handler on a 401, but not for the login call', async () => {
    const handler = vi.fn();
    api.setUnauthorizedHandler(handler);
    mockFetch(() => jsonResponse(401, { code: 'unauthenticated', message: 'no session' }));
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(api.login('a', 'b')).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('reads Retry-After of a 429', async () => {
    mockFetch(() => jsonResponse(429, { code: 'resource_exhausted', message: 'locked' }, { 'Retry-After': '900' }));
    await expect(api.login('a', 'b')).rejects.toMatchObject({ status: 429, retryAfter: 900 });
  });

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(api.me()).rejects.toMatchObject({ status: 0, code: 'unavailable' });
  });
});
