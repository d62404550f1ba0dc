// One function per route of docs/http.md that the pages use.
import { request, type QueryValue } from './client';
import type {
  Concern,
  ConcernCategories,
  ConcernDetail,
  ConcernEventWrite,
  ConcernHotSpots,
  ConcernRates,
  ConcernWrite,
  Facility,
  FacilityWrite,
  Household,
  HouseholdDetail,
  HouseholdWrite,
  LoginAnswer,
  Me,
  MonthlyConcernRates,
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

// Residents' concerns (docs/http.md). Every answer that is one concern
// carries its ETag, for the next event's If-Match.

export async function listConcerns(query: Record<string, QueryValue>): Promise<Page<Concern>> {
  return (await request<Page<Concern>>('/concerns', { query })).data;
}

export async function getConcern(id: number | string): Promise<ConcernDetail> {
  const { data, etag } = await request<ConcernDetail>(`/concerns/${enc(String(id))}`);
  return { ...data, etag: etag ?? data.etag };
}

export async function createConcern(body: ConcernWrite): Promise<Concern> {
  const { data, etag } = await request<Concern>('/concerns', { method: 'POST', body });
  return { ...data, etag: etag ?? data.etag };
}

// 409 aborted when `etag` is stale; 409 failed_precondition when the state
// does not allow the event.
export async function moveConcern(id: number, etag: string, body: ConcernEventWrite): Promise<Concern> {
  const answer = await request<Concern>(`/concerns/${id}/events`, { method: 'POST', body, ifMatch: etag });
  return { ...answer.data, etag: answer.etag ?? answer.data.etag };
}

export async function unmaskConcern(id: number, reason: string): Promise<{ id: number; reporter_phone: string }> {
  return (
    await request<{ id: number; reporter_phone: string }>(`/concerns/${id}/unmask`, {
      method: 'POST',
      body: { reason },
    })
  ).data;
}

export async function escalateConcerns(unit: string): Promise<{ unit: string; escalated: number }> {
  return (
    await request<{ unit: string; escalated: number }>('/concerns/escalations', { method: 'POST', body: { unit } })
  ).data;
}

export async function concernCategories(): Promise<ConcernCategories> {
  return (await request<ConcernCategories>('/concerns/categories')).data;
}

export interface ConcernPeriod {
  unit: string;
  from: string;
  to: string;
}

export async function concernRates(query: ConcernPeriod): Promise<ConcernRates> {
  return (await request<ConcernRates>('/concerns/rates', { query: { ...query } })).data;
}

export async function monthlyConcernRates(query: ConcernPeriod & { level: string }): Promise<MonthlyConcernRates> {
  return (await request<MonthlyConcernRates>('/concerns/rates/monthly', { query: { ...query } })).data;
}

export async function concernHotSpots(query: ConcernPeriod & { top?: number }): Promise<ConcernHotSpots> {
  return (await request<ConcernHotSpots>('/concerns/hotspots', { query: { ...query } })).data;
}
