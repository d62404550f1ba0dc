// One function per service route of docs/http.md that the service pages use:
// senior canteens, visits, home services, the time bank, childcare, platform
// workers and programme enrolments. Kept apart from index.ts (the ledger's
// routes) so that each area's calls are found in one place.
import { request, type QueryValue } from './client';
import type { Page } from './types';
import type {
  Application,
  BalanceAnswer,
  CanteenCost,
  CanteenGroup,
  CanteenReport,
  CanteenSubsidy,
  ClassWrite,
  Coverage,
  Enrolment,
  EnrolmentWrite,
  FlagsAnswer,
  Inspection,
  InspectionWrite,
  MatchAnswer,
  MealCount,
  MealsAnswer,
  NormsAnswer,
  NurseryClass,
  Order,
  OrderEventWrite,
  OrderWrite,
  OverdueAnswer,
  PlatformWorker,
  PlatformWorkerWrite,
  PostedTransaction,
  Provider,
  ProviderWrite,
  RedemptionWrite,
  RestStation,
  Statement,
  TimeBankBalances,
  TransferWrite,
  Visit,
  VisitWrite,
} from './serviceTypes';

export type * from './serviceTypes';
export type { Page } from './types';

type Query = Record<string, QueryValue>;

async function get<T>(path: string, query?: Query): Promise<T> {
  return (await request<T>(path, { query })).data;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  return (await request<T>(path, { method: 'POST', body })).data;
}

// A PATCH with If-Match; the answer carries the new ETag (header, else body).
async function patch<T extends { etag?: string }>(path: string, etag: string, body: unknown): Promise<T> {
  const answer = await request<T>(path, { method: 'PATCH', body, ifMatch: etag });
  return { ...answer.data, etag: answer.etag ?? answer.data.etag };
}

// ---- Senior canteens ----

export function canteenReport(facility: number, from?: string, to?: string): Promise<CanteenReport> {
  return get(`/canteens/${facility}/report`, { from, to });
}

export async function canteenGroups(facility: number, on?: string): Promise<CanteenGroup[]> {
  return (await get<{ items: CanteenGroup[] }>(`/canteens/${facility}/groups`, { on })).items;
}

export async function setCanteenGroup(
  facility: number,
  group: string,
  body: Omit<CanteenGroup, 'id' | 'synthetic'>,
): Promise<CanteenGroup> {
  return (
    await request<CanteenGroup>(`/canteens/${facility}/groups/${encodeURIComponent(group)}`, { method: 'PUT', body })
  ).data;
}

export function recordMeals(facility: number, date: string, counts: MealCount[]): Promise<MealsAnswer> {
  return post(`/canteens/${facility}/meals`, { date, counts });
}

export function recordCanteenCost(
  facility: number,
  body: { kind: string; amount: number; date?: string; note?: string },
): Promise<CanteenCost> {
  return post(`/canteens/${facility}/costs`, body);
}

export function recordCanteenSubsidy(
  facility: number,
  body: { payer: string; amount: number; date?: string; purpose?: string },
): Promise<CanteenSubsidy> {
  return post(`/canteens/${facility}/subsidies`, body);
}

// ---- Visits ----

export function overdueVisits(unit?: string, on?: string): Promise<OverdueAnswer> {
  return get('/visits/overdue', { unit, on });
}

export function listVisits(query: Query): Promise<Page<Visit>> {
  return get('/visits', query);
}

export function recordVisit(body: VisitWrite): Promise<Visit> {
  return post('/visits', body);
}

// ---- Home services ----

export type ProviderKind = 'caregivers' | 'volunteers';

export function listProviders(kind: ProviderKind, query: Query): Promise<Page<Provider>> {
  return get(`/${kind}`, query);
}

export function registerProvider(kind: ProviderKind, body: ProviderWrite): Promise<Provider> {
  return post(`/${kind}`, body);
}

export function listOrders(query: Query): Promise<Page<Order>> {
  return get('/orders', query);
}

export async function getOrder(id: number | string): Promise<Order> {
  const { data, etag } = await request<Order>(`/orders/${encodeURIComponent(String(id))}`);
  return { ...data, etag: etag ?? data.etag };
}

export function createOrder(body: OrderWrite): Promise<Order> {
  return post('/orders', body);
}

export function matchOrder(id: number): Promise<MatchAnswer> {
  return get(`/orders/${id}/match`);
}

// One event of the order's lifecycle; with `etag` a stale page is refused (409 aborted).
export async function orderEvent(id: number, body: OrderEventWrite, etag?: string): Promise<Order> {
  const answer = await request<Order>(`/orders/${id}/events`, { method: 'POST', body, ifMatch: etag });
  return { ...answer.data, etag: answer.etag ?? answer.data.etag };
}

// ---- Time bank ----

export function timeBankBalances(unit?: string, asOf?: string): Promise<TimeBankBalances> {
  return get('/timebank/balances', { unit, as_of: asOf });
}

export function timeBankStatement(account: number | string, from?: string, to?: string): Promise<Statement> {
  return get(`/timebank/accounts/${encodeURIComponent(String(account))}/statement`, { from, to });
}

export function timeBankTransfer(body: TransferWrite): Promise<PostedTransaction> {
  return post('/timebank/transfers', body);
}

export function timeBankRedemption(body: RedemptionWrite): Promise<PostedTransaction> {
  return post('/timebank/redemptions', body);
}

// ---- Childcare ----

export async function nurseryClasses(nursery: number, on?: string): Promise<NurseryClass[]> {
  return (await get<{ items: NurseryClass[] }>(`/nurseries/${nursery}/classes`, { on })).items;
}

export function createNurseryClass(nursery: number, body: ClassWrite): Promise<NurseryClass> {
  return post(`/nurseries/${nursery}/classes`, body);
}

export function nurseryApplications(nursery: number, query: Query): Promise<Page<Application>> {
  return get(`/nurseries/${nursery}/enrolments`, query);
}

export function applyForPlace(
  nursery: number,
  body: { class_id: number; resident_id: number; date?: string },
): Promise<Application> {
  return post(`/nurseries/${nursery}/enrolments`, body);
}

export function withdrawApplication(
  nursery: number,
  application: number,
  body: { date?: string; reason?: string },
): Promise<Application> {
  return post(`/nurseries/${nursery}/enrolments/${application}/withdraw`, body);
}

export async function nurseryInspections(nursery: number): Promise<Inspection[]> {
  return (await get<{ items: Inspection[] }>(`/nurseries/${nursery}/inspections`)).items;
}

export function recordInspection(nursery: number, body: InspectionWrite): Promise<Inspection> {
  return post(`/nurseries/${nursery}/inspections`, body);
}

export function inspectionFollowUp(
  nursery: number,
  inspection: number,
  body: { date?: string; note?: string },
): Promise<Inspection> {
  return post(`/nurseries/${nursery}/inspections/${inspection}/follow-up`, body);
}

export function childcareFlags(unit?: string, on?: string): Promise<FlagsAnswer> {
  return get('/childcare/flags', { unit, on });
}

export function childcareBalance(unit?: string, asOf?: string): Promise<BalanceAnswer> {
  return get('/childcare/balance', { unit, as_of: asOf });
}

export function childcareNorms(): Promise<NormsAnswer> {
  return get('/childcare/norms');
}

// ---- Platform workers ----

export function platformWorkers(query: Query): Promise<Page<PlatformWorker>> {
  return get('/platform/workers', query);
}

export function updatePlatformWorker(
  resident: number,
  etag: string,
  body: PlatformWorkerWrite,
): Promise<PlatformWorker> {
  return patch(`/platform/workers/${resident}`, etag, body);
}

export function platformCoverage(unit?: string, asOf?: string): Promise<Coverage> {
  return get('/platform/coverage', { unit, as_of: asOf });
}

export function restStation(facility: number): Promise<RestStation> {
  return get(`/platform/stations/${facility}`);
}

export function updateRestStation(
  facility: number,
  etag: string,
  body: { capacity?: number; hours?: string },
): Promise<RestStation> {
  return patch(`/platform/stations/${facility}`, etag, body);
}

// ---- Programmes ----

export function listEnrolments(query: Query): Promise<Page<Enrolment>> {
  return get('/enrolments', query);
}

export function enrol(body: EnrolmentWrite): Promise<Enrolment> {
  return post('/enrolments', body);
}

export function endEnrolment(id: number, body: { on?: string; reason?: string }): Promise<Enrolment> {
  return post(`/enrolments/${id}/end`, body);
}
