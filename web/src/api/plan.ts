// Planning's routes (docs/http.md, "Planning"): a run of the pipeline for a
// unit and a facility type, and the map's GeoJSON layers. Every answer is
// counts per building and facilities, never a person.
import { request } from './client';

export type AccessMethod = '2sfca' | 'e2sfca' | 'gaussian' | 'gravity';
export const ACCESS_METHODS: readonly AccessMethod[] = ['e2sfca', '2sfca', 'gaussian', 'gravity'];

export interface PlanRunQuery {
  unit?: string;
  type: string;
  minutes?: number;
  method?: AccessMethod;
  sites?: number; // new sites to choose among the candidates (the proposal)
}

export interface PlanUnitRow {
  code: string;
  name: string;
  residents: number;
  covered: number | null;
  target_residents: number;
  covered_target: number | null;
  mean_access: number | null;
  mean_access_target: number | null;
}

export interface PlanFacilityRow {
  id: number;
  name: string;
  unit: string;
  lat: number;
  lon: number;
  capacity: number;
  supply: number;
  snapped: boolean;
  demand: number;
  ratio: number;
}

export interface PlanProposal {
  model: string;
  sites: { id: number; name: string; unit: string; lat: number; lon: number; capacity: number }[];
  after: {
    covered: number | null;
    covered_target: number | null;
    gini: number | null;
    gini_target: number | null;
    unserved: number;
    unserved_target: number;
  };
}

export interface PlanRunAnswer {
  unit: string;
  type: string;
  minutes: number;
  method: AccessMethod;
  norm: { facility: string; circle_minutes: number; distance_m: number; minutes: number; target_group: string; clause: string; in_standard: boolean };
  network: { source: string; fingerprint: string; synthetic: boolean; vertices: number };
  residents: number;
  unlocated_residents: number;
  unsnapped_residents: number;
  target_group: string;
  target_residents: number;
  covered: number | null;
  covered_target: number | null;
  unserved: number;
  unserved_target: number;
  gini: number | null;
  gini_target: number | null;
  theil: { total: number | null; within: number | null; between: number | null };
  units: PlanUnitRow[];
  facilities: PlanFacilityRow[];
  facilities_unlocated: number;
  proposal?: PlanProposal;
}

// GeoJSON as the routes answer it: Points and LineStrings with properties.
export interface Feature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] } | { type: 'LineString'; coordinates: [number, number][] };
  properties: Record<string, unknown>;
}
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
  [key: string]: unknown;
}

function runQuery(q: PlanRunQuery): Record<string, string | number | undefined> {
  return { unit: q.unit || undefined, type: q.type, minutes: q.minutes, method: q.method, sites: q.sites || undefined };
}

export async function planRun(q: PlanRunQuery): Promise<PlanRunAnswer> {
  return (await request<PlanRunAnswer>('/plan/run', { query: runQuery(q) })).data;
}

export async function planRunGeoJson(q: PlanRunQuery): Promise<FeatureCollection> {
  return (await request<FeatureCollection>('/plan/run.geojson', { query: runQuery(q) })).data;
}

// bbox: "minlon,minlat,maxlon,maxlat" (Leaflet's toBBoxString).
export async function networkGeoJson(bbox?: string): Promise<FeatureCollection> {
  return (await request<FeatureCollection>('/plan/network.geojson', { query: { bbox } })).data;
}

export async function catchmentGeoJson(facility: number, minutes?: number): Promise<FeatureCollection> {
  return (await request<FeatureCollection>('/plan/catchment.geojson', { query: { facility, minutes } })).data;
}
