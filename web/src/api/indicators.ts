// Indicators' and regional economics' routes (docs/http.md, "Indicators",
// "Regional economics"): the catalogue, the unit × period table, the rule
// check, entering values; the economy's series, contribution and import.
// Every answer is counts and rates per unit or region, never a person; a
// missing figure is null, never 0.
import { request } from './client';

export interface Target {
  op: '>=' | '>' | '<=' | '<' | '==';
  value: number;
  source: string;
}

export interface IndicatorElement {
  code: string;
  name: string;
  measure: string;
  aggregation: string;
  weight: string;
  source: 'entered' | 'derived';
  description: string;
  entered_by: string;
  builtin: boolean;
}

export interface IndicatorDefinition {
  code: string;
  name: string;
  formula: string;
  measure: string;
  target: Target | null;
  description: string;
  builtin: boolean;
}

export interface Catalogue {
  elements: IndicatorElement[];
  indicators: IndicatorDefinition[];
  rules: { code: string; name: string; condition: string; description: string; builtin: boolean }[];
}

export interface TableColumn {
  code: string;
  name: string;
  measure: string;
  kind: string;
  formula: string;
  target: Target | null;
}

export interface TableRow {
  unit: string;
  name: string;
  level: string;
  period: string;
  values: Record<string, number | null>;
  reporting: Record<string, number>;
  targets: Record<string, { met: boolean; gap: number }>;
}

export interface IndicatorTable {
  scope: string;
  periods: string[];
  columns: TableColumn[];
  rows: TableRow[];
}

export interface TableQuery {
  unit?: string;
  codes: string[];
  periods: string[];
  units?: string; // children (default) | scope | a level
}

export async function indicatorCatalogue(): Promise<Catalogue> {
  return (await request<Catalogue>('/indicators')).data;
}

export async function indicatorTable(q: TableQuery): Promise<IndicatorTable> {
  const query = { unit: q.unit || undefined, codes: q.codes.join(','), period: q.periods, units: q.units || undefined };
  return (await request<IndicatorTable>('/indicators/table', { query })).data;
}

export interface ValueInput {
  element: string;
  unit: string;
  period: string;
  value: number | null;
}

export async function enterIndicatorValues(values: ValueInput[]): Promise<{ stored: number; missing: number }> {
  return (await request<{ stored: number; missing: number }>('/indicators/values', { method: 'POST', body: { values } })).data;
}

// Regional economics.
export interface EconomySeries {
  series: string;
  regions: string[];
  periods: string[];
  values: number;
  missing: number;
}

export interface ContributionRegion {
  rank: number;
  region: string;
  code: string;
  level: number | null;
  previous_level: number | null;
  growth_pct: number | null;
  contribution_pct: number | null;
  pull_pp: number | null;
}

export interface Contribution {
  series: string;
  period: string;
  previous_period: string;
  growth: string;
  national_growth_pct: number | null;
  national_source: string;
  regions: ContributionRegion[];
  top: { n: number; contribution_pct: number | null; pull_pp: number | null; missing: string[] };
}

export async function economySeries(): Promise<EconomySeries[]> {
  return (await request<{ series: EconomySeries[] }>('/economy/series')).data.series;
}

export async function economyContribution(q: { series: string; growth?: string; period: string; top?: number }): Promise<Contribution> {
  return (await request<Contribution>('/economy/contribution', { query: { series: q.series, growth: q.growth || undefined, period: q.period, top: q.top } })).data;
}

export interface IndicatorInput {
  code: string;
  name: string;
  formula: string;
  measure?: string;
  target?: { op: Target['op']; value: number; source?: string } | null;
  description?: string;
}

// Defines an indicator (201: it as the catalogue lists it). A formula that
// does not parse is 400 "field formula: column N: reason".
export async function defineIndicator(input: IndicatorInput): Promise<IndicatorDefinition> {
  return (await request<IndicatorDefinition>('/indicators', { method: 'POST', body: input })).data;
}
