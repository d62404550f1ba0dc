// The JSON shapes of docs/http.md.

export interface Me {
  username: string;
  display_name: string;
  role: string;
  unit: string;
  unit_name: string;
  permissions: string[];
}

export interface LoginAnswer {
  token: string;
  expires_at: string;
  user: Me;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface UnitSummary {
  code: string;
  name: string;
  level: string;
  parent: string | null;
  settlement?: string;
  synthetic?: boolean;
  path: string[];
  path_codes: string[];
  children: number;
  units_below?: Record<string, number>;
  residents: number;
  households: number;
  compounds: number;
  by_age_band: Record<string, number>;
  // Per age band, residents by sex ({"0-2": {"male": 12, "female": 10}, ...});
  // absent from older servers.
  by_age_band_sex?: Record<string, Record<string, number>>;
  by_sex: Record<string, number>;
  by_tag: Record<string, number>;
  by_employment: Record<string, number>;
  facilities: Record<string, number>;
  facility_capacity: number;
  synthetic_residents: number;
  as_of: string;
}

export interface UnitChild {
  code: string;
  name: string;
  level: string;
  settlement?: string;
  synthetic?: boolean;
  children: number;
  residents: number;
  // The unit's WGS-84 centre, when known (the indicator explorer's map).
  location?: { lat: number; lon: number } | null;
}

export interface UnitHit {
  code: string;
  name: string;
  level: string;
  path: string[] | string;
}

export interface HouseholdRef {
  id: number;
  number: string;
}

export interface Resident {
  id: number;
  name: string;
  id_number: string;
  phone: string;
  sex: string;
  birth_date: string;
  age: number;
  unit: string;
  unit_name: string;
  community: string;
  household: HouseholdRef | null;
  relation: string;
  building: string;
  entrance: string;
  room: string;
  registration: string;
  tags: string[];
  employment: string;
  insurance: string;
  status: string;
  note: string;
  synthetic: boolean;
  valid_from: string;
  etag: string;
}

// One dated version of a resident's record.
export type ResidentVersion = Partial<Resident> & {
  valid_from?: string;
  valid_to?: string | null;
  change?: string;
  [key: string]: unknown;
};

export interface ResidentDetail extends Resident {
  history: ResidentVersion[];
}

// What POST /residents takes; PATCH takes the same but id_number, plus change.
export interface ResidentWrite {
  id_number?: string;
  name?: string;
  unit?: string;
  household?: string;
  relation?: string;
  phone?: string;
  building?: string;
  entrance?: string;
  room?: string;
  registration?: string;
  tags?: string[];
  employment?: string;
  insurance?: string;
  note?: string;
  effective?: string;
  change?: 'update' | 'move' | 'death' | 'departure';
}

export interface Unmasked {
  id_number?: string;
  phone?: string;
}

export interface Household {
  id: number;
  number: string;
  community: string;
  unit: string;
  unit_name: string;
  building: string;
  entrance: string;
  room: string;
  members: number;
  head: string | { id?: number; name?: string } | null;
  etag: string;
}

export interface HouseholdDetail extends Omit<Household, 'members'> {
  // docs/http.md: the residents living in it. The server now sends the count
  // as `members` and the list as `member_list` (reported to the lead).
  members: Resident[] | number;
  member_list?: Resident[];
}

// POST /households (unit and number required) and PATCH /households/{id}
// (any of unit, building, entrance, room; effective: the date of the move,
// default today). The number cannot change.
export interface HouseholdWrite {
  unit?: string;
  number?: string;
  building?: string;
  entrance?: string;
  room?: string;
  effective?: string;
}

export interface Facility {
  id: number;
  unit: string;
  unit_name: string;
  type: string;
  type_name: string;
  name: string;
  location: { lat: number; lon: number } | null;
  capacity: number | null;
  staff: number | null;
  synthetic: boolean;
  etag: string;
}

export interface FacilityWrite {
  unit?: string;
  type?: string;
  name?: string;
  lat?: number | null;
  lon?: number | null;
  capacity?: number | null;
  staff?: number | null;
}

// Residents' concerns (docs/http.md "Residents' concerns", docs/services.md).
// Instants are UTC ISO 8601 ("2026-07-01T02:00:00Z").
export type ConcernState = 'received' | 'dispatched' | 'accepted' | 'in_progress' | 'resolved' | 'rated' | 'closed';
export type ConcernEventKind =
  | 'dispatch'
  | 'accept'
  | 'start'
  | 'resolve'
  | 'rate'
  | 'reopen'
  | 'transfer'
  | 'close';
export type ConcernRating = 'satisfied' | 'basically_satisfied' | 'not_satisfied';

export interface Concern {
  id: number;
  unit: string;
  community: string;
  category: string;
  urgency: string;
  channel: string;
  description: string;
  address: string;
  lat: number | null;
  lon: number | null;
  // Masked by the server: "张**", "138****5678".
  reporter_name: string;
  reporter_phone: string;
  resident: number | null;
  state: string;
  // The category's body; assignee: the body it was last dispatched or transferred to.
  responsible: string;
  assignee: string;
  received_at: string;
  response_due: string;
  resolution_due: string;
  responded_at: string | null;
  resolved_at: string | null;
  rating: string | null;
  // 0, or 1 (response deadline missed) or 2 (resolution deadline missed).
  escalation: number;
  version: number;
  synthetic: boolean;
  etag: string;
}

// One transition. The first is "receive" (from ""); an "escalate" has its
// level as the target.
export interface ConcernEventRecord {
  id: number;
  at: string;
  event: string;
  from: string;
  to_state: string;
  actor: string;
  target: string;
  reason: string;
  note: string;
  rating: string;
}

export interface ConcernDetail extends Concern {
  events: ConcernEventRecord[];
}

// POST /concerns.
export interface ConcernWrite {
  unit: string;
  category: string;
  description: string;
  urgency?: string;
  channel?: string;
  address?: string;
  reporter_name?: string;
  reporter_phone?: string;
}

// POST /concerns/{id}/events.
export interface ConcernEventWrite {
  event: ConcernEventKind;
  to?: string;
  reason?: string;
  note?: string;
  rating?: ConcernRating;
}

export interface ConcernCategory {
  id: string;
  name: string;
  description: string;
  body: string;
  body_name: string;
  respond_within_hours: number;
  resolve_within_working_days: number;
}

export interface ConcernCategories {
  categories: ConcernCategory[];
  channels: string[];
  urgencies: string[];
}

// Counts and rates (fractions 0–1, null when the denominator is 0).
export interface ConcernCounts {
  received: number;
  responded: number;
  responded_on_time: number;
  resolved: number;
  resolved_on_time: number;
  rated: number;
  satisfied: number;
  basically_satisfied: number;
  not_satisfied: number;
  overdue_open: number;
  response_rate: number | null;
  resolution_rate: number | null;
  satisfaction_rate: number | null;
}

export interface ConcernRates extends ConcernCounts {
  unit: string;
  from: string;
  to: string;
  as_of: string;
}

export interface MonthlyConcernRow extends ConcernCounts {
  unit: string;
  name: string;
  // "2026-07"
  month: string;
}

export interface MonthlyConcernRates {
  unit: string;
  level: string;
  rows: MonthlyConcernRow[];
}

export interface ConcernHotSpot {
  unit: string;
  category: string;
  count: number;
  open: number;
}

export interface ConcernHotSpots {
  unit: string;
  from: string;
  to: string;
  items: ConcernHotSpot[];
}
