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
