// One function per route of docs/http.md that the pages use.
import { request, type QueryValue } from './client';
import type {
  Facility,
  FacilityWrite,
  Household,
  HouseholdDetail,
  HouseholdWrite,
  LoginAnswer,
  Me,
  Page,
  Resident,
  ResidentDetail,
  ResidentWrite,
  UnitChild,
  UnitHit,
  UnitSummary,
  Unmasked,
} from './types';

export * from './client';
export type * from './types';

const enc = encodeURIComponent;

export async function login(username: string, password: string): Promise<LoginAnswer> {
  const { data } = await request<LoginAnswer>('/auth/login', {
    method: 'POST',
    body: { username, password },
    noAuthRedirect: true,
  });
  return data;
}

export async function logout(): Promise<void> {
  await request<null>('/auth/logout', { method: 'POST', noAuthRedirect: true });
}

export async function me(): Promise<Me> {
  return (await request<Me>('/auth/me')).data;
}

export async function vocabulary(): Promise<unknown> {
  return (await request<unknown>('/vocabulary')).data;
}

export async function unit(code: string, asOf?: string): Promise<UnitSummary> {
  return (await request<UnitSummary>(`/units/${enc(code)}`, { query: { as_of: asOf } })).data;
}

export async function unitChildren(code: string): Promise<UnitChild[]> {
  return (await request<{ items: UnitChild[] }>(`/units/${enc(code)}/children`)).data.items;
}

export async function searchUnits(q: string, limit = 20): Promise<UnitHit[]> {
  return (await request<{ items: UnitHit[] }>('/units', { query: { q, limit } })).data.items;
}

export type ResidentQuery = Record<string, QueryValue>;

export async function listResidents(query: ResidentQuery): Promise<Page<Resident>> {
  return (await request<Page<Resident>>('/residents', { query })).data;
}

export async function getResident(id: number | string): Promise<ResidentDetail> {
  const { data, etag } = await request<ResidentDetail>(`/residents/${enc(String(id))}`);
  return { ...data, etag: etag ?? data.etag };
}

export async function createResident(body: ResidentWrite): Promise<Resident> {
  const { data, etag } = await request<Resident>('/residents', { method: 'POST', body });
  return { ...data, etag: etag ?? data.etag };
}

export async function updateResident(
  id: number,
  etag: string,
  body: ResidentWrite,
): Promise<Resident> {
  const answer = await request<Resident>(`/residents/${id}`, { method: 'PATCH', body, ifMatch: etag });
  return { ...answer.data, etag: answer.etag ?? answer.data.etag };
}

export async function deleteResident(id: number, etag: string): Promise<void> {
  await request<null>(`/residents/${id}`, { method: 'DELETE', ifMatch: etag });
}

export async function unmaskResident(
  id: number,
  reason: string,
  fields: ('id_number' | 'phone')[] = ['id_number', 'phone'],
): Promise<Unmasked> {
  return (
    await request<Unmasked>(`/residents/${id}/unmask`, { method: 'POST', body: { reason, fields } })
  ).data;
}

export async function listHouseholds(query: Record<string, QueryValue>): Promise<Page<Household>> {
  return (await request<Page<Household>>('/households', { query })).data;
}

export async function getHousehold(id: number | string): Promise<HouseholdDetail> {
  const { data, etag } = await request<HouseholdDetail>(`/households/${enc(String(id))}`);
  return { ...data, etag: etag ?? data.etag };
}

export async function createHousehold(body: HouseholdWrite): Promise<Household> {
  const { data, etag } = await request<Household>('/households', { method: 'POST', body });
  return { ...data, etag: etag ?? data.etag };
}

// A move: the active members follow the household (docs/http.md).
export async function updateHousehold(id: number, etag: string, body: HouseholdWrite): Promise<Household> {
  const answer = await request<Household>(`/households/${id}`, { method: 'PATCH', body, ifMatch: etag });
  return { ...answer.data, etag: answer.etag ?? answer.data.etag };
}

// Dissolves an empty household (409 failed_precondition while it has members).
export async function dissolveHousehold(id: number, etag: string): Promise<void> {
  await request<null>(`/households/${id}`, { method: 'DELETE', ifMatch: etag });
}

export async function listFacilities(query: Record<string, QueryValue>): Promise<Page<Facility>> {
  return (await request<Page<Facility>>('/facilities', { query })).data;
}

export async function createFacility(body: FacilityWrite): Promise<Facility> {
  return (await request<Facility>('/facilities', { method: 'POST', body })).data;
}

export async function updateFacility(id: number, etag: string, body: FacilityWrite): Promise<Facility> {
  return (await request<Facility>(`/facilities/${id}`, { method: 'PATCH', body, ifMatch: etag })).data;
}

export async function closeFacility(id: number, etag: string): Promise<void> {
  await request<null>(`/facilities/${id}`, { method: 'DELETE', ifMatch: etag });
}
