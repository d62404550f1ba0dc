// The JSON shapes of the service routes of docs/http.md: senior canteens,
// visits, home services (caregivers, volunteers, orders), the time bank,
// childcare, platform workers and programme enrolments. Money is in yuan,
// time-bank amounts in minutes and hours, dates YYYY-MM-DD.

// ---- Senior canteens ----

export interface CanteenSubsidyRate {
  payer: string;
  per_meal: number;
}

export interface CanteenGroup {
  id: string;
  name: string;
  eligible_elderly: boolean;
  price: number;
  subsidies: CanteenSubsidyRate[];
  valid_from: string;
  synthetic: boolean;
}

export interface CanteenReport {
  facility: { id: number; name: string; unit: string };
  from: string;
  to: string;
  currency: string;
  money_unit: string;
  meals: number;
  days: number;
  meals_per_day: number | null;
  elderly_meals: number;
  meals_by_group: Record<string, number>;
  revenue: number;
  subsidy: number;
  subsidy_by_payer: Record<string, number>;
  variable_cost: number;
  fixed_cost: number;
  cost: number;
  costs: { food_per_meal: number; staff: number; rent: number; utilities: number; other: number };
  subsidy_dependency: number | null;
  surplus: number;
  average_price: number | null;
  break_even_meals_per_day: number | null;
  break_even_case: string;
  break_even_note: string;
  self_sustaining_price: number | null;
  groups: CanteenGroup[];
  settings_changed: { date: string; what: string }[];
}

export interface MealCount {
  group: string;
  meals: number;
  resident_id?: number;
  date?: string;
}

export interface MealsAnswer {
  stored: number;
  meals: number;
  items: { id: number; facility_id: number; date: string; group: string; meals: number; resident_id: number | null }[];
}

export type CanteenCostKind = 'food_per_meal' | 'staff' | 'rent' | 'utilities' | 'other';

export interface CanteenCost {
  id: number;
  facility_id: number;
  date: string;
  kind: CanteenCostKind;
  amount: number;
  note: string;
  synthetic: boolean;
}

export interface CanteenSubsidy {
  id: number;
  facility_id: number;
  date: string;
  payer: string;
  amount: number;
  purpose: string;
  synthetic: boolean;
}

// ---- Visits ----

export type VisitOutcome = 'well' | 'needs_help' | 'not_at_home' | 'hospitalised';

export interface Visit {
  id: number;
  resident_id: number;
  resident_name: string;
  community: string;
  unit: string;
  date: string;
  visitor_user_id: number | null;
  visitor: string;
  outcome: VisitOutcome;
  follow_up_needed: boolean;
  notes: string;
  recorded_by: string;
  synthetic: boolean;
}

export interface VisitWrite {
  resident_id: number;
  outcome: VisitOutcome;
  date?: string;
  follow_up_needed?: boolean;
  notes?: string;
  visitor?: string;
}

export interface OverduePerson {
  resident_id: number;
  name: string;
  unit: string;
  unit_name: string;
  sex: string;
  age: number;
  interval_days: number;
  enrolled_on: string;
  first_visit: boolean;
  last_visit: string | null;
  due: string;
  days_overdue: number;
  unanswered_attempts: number;
  last_attempt: string | null;
}

export interface GridWorker {
  id: number;
  username: string;
  name: string;
  unit: string;
}

export interface OverdueGroup {
  grid_worker: GridWorker | null;
  max_days_overdue: number;
  overdue: OverduePerson[];
}

export interface OverdueAnswer {
  unit: string;
  on: string;
  on_schedule: number;
  overdue: number;
  groups: OverdueGroup[];
}

// ---- Home services ----

export interface WeeklyWindow {
  day: string;
  start: string;
  end: string;
}

export interface Certification {
  occupation: string;
  level: number;
  number: string;
  issued: string;
  expires: string;
}

export interface Provider {
  id: number;
  type: 'caregiver' | 'volunteer';
  unit: string;
  unit_name?: string;
  community: string;
  resident_id: number | null;
  name: string;
  occupation: string | null;
  occupation_name: string | null;
  skills: string[];
  availability: WeeklyWindow[];
  certifications: Certification[];
  location: { lat: number; lon: number; source: string } | null;
  hours_worked: number;
  hours_before: number;
  registered_on: string;
  left_on: string | null;
  note: string;
  timebank_account?: number | null;
  synthetic: boolean;
  version: number;
  etag?: string;
}

export interface ProviderWrite {
  unit?: string;
  name?: string;
  resident?: number;
  occupation?: string;
  skills?: string[];
  availability?: WeeklyWindow[];
  certifications?: Certification[];
  lat?: number;
  lon?: number;
  hours_before?: number;
  registered_on?: string;
  note?: string;
}

export type OrderState = 'requested' | 'assigned' | 'in_service' | 'done' | 'rated' | 'cancelled';

export interface OrderEventRow {
  id: number;
  at: string;
  event: string;
  from: string | null;
  to: string;
  actor: string;
  provider: number | null;
  stars: number | null;
  note: string;
}

export interface Order {
  id: number;
  community: string;
  unit: string;
  resident: { id: number; name: string };
  kind: string;
  kind_name: string | null;
  date: string;
  start: string;
  end: string;
  minutes: number;
  location: { lat: number; lon: number } | null;
  note: string;
  state: OrderState;
  provider: { id: number; name: string; type: string } | null;
  stars: number | null;
  earn_transaction: number | null;
  requested_at: string;
  updated_at: string;
  requested_by: string;
  synthetic: boolean;
  version: number;
  etag: string;
  events?: OrderEventRow[];
}

export interface OrderWrite {
  resident: number;
  kind: string;
  date: string;
  start: string;
  end: string;
  note?: string;
}

export interface Candidate {
  provider: Provider;
  distance_m: number;
  week_assigned_minutes: number;
}

export interface MatchAnswer {
  order: number;
  candidates: Candidate[];
}

export type OrderEventWrite =
  | { event: 'assign'; provider?: number }
  | { event: 'start' }
  | { event: 'finish' }
  | { event: 'rate'; stars: number }
  | { event: 'cancel'; reason: string };

// ---- Time bank ----

export interface TimeBankAccount {
  id: number;
  community: string;
  kind: 'issuance' | 'member';
  resident_id: number | null;
  name: string;
  opened_on: string;
  closed: boolean;
  minutes?: number;
  hours?: number;
}

export interface TimeBankBank {
  community: string;
  community_name: string;
  opened_on: string;
  policy: Record<string, number | boolean>;
  accounts: number;
  transactions: number;
  total_minutes: number;
  total_hours: number;
  outstanding_minutes: number;
  outstanding_hours: number;
}

export interface TimeBankBalances {
  unit: string;
  as_of: string | null;
  accounts: (TimeBankAccount & { minutes: number; hours: number })[];
  total_minutes: number;
  total_hours: number;
  outstanding_minutes: number;
  outstanding_hours: number;
  banks: TimeBankBank[];
}

export interface StatementEntry {
  transaction: number;
  kind: string;
  date: string;
  minutes: number;
  hours: number;
  counterparty: number;
  reference: string;
  reverses: number | null;
  balance_minutes: number;
  balance_hours: number;
}

export interface Statement {
  account: TimeBankAccount;
  from: string;
  to: string;
  opening_minutes: number;
  opening_hours: number;
  entries: StatementEntry[];
  closing_minutes: number;
  closing_hours: number;
}

export interface TransferWrite {
  from_account: number;
  to_account?: number;
  to_resident?: number;
  hours: number;
  date?: string;
  relation?: string;
  memo?: string;
}

export interface RedemptionWrite {
  account: number;
  hours: number;
  reference: string;
  date?: string;
  memo?: string;
}

export interface PostedTransaction {
  transaction: {
    id: number;
    community: string;
    number: number;
    kind: string;
    date: string;
    reference: string;
    reverses: number | null;
    memo: string;
    postings: { account: number; minutes: number }[];
    recorded_by: string;
  };
  balance_minutes: number;
  balance_hours: number;
}

// ---- Childcare ----

export interface ClassFinding {
  kind: string;
  child: number | null;
  actual: number;
  required: number;
  message: string;
}

export interface NurseryClass {
  id: number;
  nursery: number;
  unit: string;
  name: string;
  type: string;
  type_name: string;
  min_age_months: number;
  max_age_months: number;
  max_children: number;
  ratio: string;
  capacity: number;
  caregivers: number;
  caregivers_needed: number;
  enrolled: number;
  waiting: number;
  free_places: number;
  opened_on: string;
  closed_on: string | null;
  as_of: string;
  findings: ClassFinding[];
  synthetic: boolean;
  etag: string;
}

export interface ClassWrite {
  name: string;
  type: string;
  capacity: number;
  caregivers?: number;
  opened_on?: string;
}

export interface Application {
  id: number;
  nursery: number;
  class: { id: number; name: string; type: string };
  child: {
    id: number;
    name: string;
    id_number: string;
    sex: string;
    birth_date: string;
    age_months: number;
    community: string;
  };
  state: 'waiting' | 'enrolled' | 'withdrawn' | 'cancelled';
  applied_on: string;
  enrolled_on: string | null;
  left_on: string | null;
  reason: string;
  waiting_position: number | null;
  synthetic: boolean;
  admitted?: number[];
  admitted_from_list?: number[];
}

export interface InspectionItem {
  item: string;
  score: number;
  passed?: boolean;
}

export interface Inspection {
  id: number;
  nursery: number;
  date: string;
  inspector: string;
  items: InspectionItem[];
  mean_score: number;
  failed_items: string[];
  findings: string[];
  remedy_deadline: string | null;
  follow_up: string | null;
  follow_up_note: string;
  remedy_open: boolean;
  note: string;
  recorded_by: string;
  synthetic: boolean;
}

export interface InspectionWrite {
  date?: string;
  inspector: string;
  items: { item: string; score: number }[];
  findings?: string[];
  remedy_deadline?: string;
  note?: string;
}

export interface NurseryFlag {
  kind: string;
  class_id: number | null;
  class: string | null;
  inspection: string | null;
  due: string | null;
  days_overdue: number | null;
  message: string;
}

export interface FlagsAnswer {
  unit: string;
  on: string;
  inspection_interval_months: number;
  counts: Record<string, number>;
  flagged_nurseries: number;
  nurseries: {
    id: number;
    name: string;
    unit: string;
    registered_on: string | null;
    last_inspection: string | null;
    flags: NurseryFlag[];
  }[];
}

export interface BalanceFigures {
  unit: string;
  name: string;
  nurseries: number;
  classes: number;
  places: number;
  children_under_3: number;
  residents: number;
  places_per_child: number | null;
  places_per_1000: number | null;
  target_per_1000: number;
  places_needed: number;
  gap: number;
  meets_target: boolean;
}

export interface BalanceAnswer extends BalanceFigures {
  as_of: string;
  children: BalanceFigures[];
}

export interface Norm {
  type: string;
  name: string;
  min_age_months: number;
  max_age_months: number;
  max_children: number;
  children_per_caregiver: number;
  ratio: string;
  source: string;
}

export interface NormsAnswer {
  norms: Norm[];
  target_places_per_1000: number;
  target_source: string;
  checklist_pass_mark: number;
  inspection_interval_months: number;
}

// ---- Platform workers ----

export interface PlatformWorker {
  resident_id: number;
  name: string;
  id_number: string;
  phone: string;
  sex: string;
  age: number;
  unit: string;
  unit_name: string;
  community: string;
  form: string;
  insurance: string;
  insured: boolean;
  platforms: { key: string; name: string }[];
  injury_protection: 'enrolled' | 'not_enrolled' | 'unknown';
  injury_protection_since: string | null;
  programmes: string[];
  version: number;
  synthetic: boolean;
  etag: string;
}

export interface PlatformWorkerWrite {
  platforms?: string[];
  injury_protection?: string;
  injury_protection_since?: string;
}

export interface CoverageCounts {
  unit: string;
  unit_name: string;
  workers: number;
  by_form: { form: string; name: string; workers: number }[];
  by_platform: { key: string; name: string; workers: number }[];
  platform_unknown: number;
  by_insurance: { insurance: string; name: string; workers: number }[];
  by_programme: { programme: string; name: string; workers: number }[];
  insured: number;
  injury_protected: number;
  injury_unknown: number;
  reached: number;
  insured_share: number | null;
  injury_protection_share: number | null;
  programme_reach_share: number | null;
}

export interface Coverage extends CoverageCounts {
  as_of: string;
  units: CoverageCounts[];
  rest_stations: { count: number; capacity: number; with_hours: number };
}

export interface RestStation {
  facility_id: number;
  name: string;
  unit: string;
  unit_name: string;
  capacity: number | null;
  hours: string | null;
  minutes_open_per_day: number | null;
  open_now: boolean | null;
  version: number;
  synthetic: boolean;
  etag: string;
}

// ---- Programmes ----

export interface Enrolment {
  id: number;
  resident_id: number;
  resident_name: string;
  id_number: string;
  programme: string;
  programme_name: string;
  group: string;
  unit: string;
  unit_name: string;
  community: string;
  from: string;
  ended_on: string | null;
  open: boolean;
  note: string;
  end_reason: string;
  synthetic: boolean;
}

export interface EnrolmentWrite {
  resident_id: number;
  programme: string;
  from?: string;
  note?: string;
}
