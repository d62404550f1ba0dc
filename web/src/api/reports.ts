// Reports' and scorecards' routes (docs/http.md, "Reports", "Scorecards"):
// the report templates, a template filled for a unit and period (JSON, or
// the CSV and XLSX files to download), the reporting burden; the scorecards
// and a scorecard's ranking of units. Figures per unit, never a person; a
// missing figure is null, never 0.
import { buildUrl, request } from './client';

export interface ReportTemplate {
  code: string;
  name: string;
  office: string;
  description: string;
  columns: string;
  rows: { item: string; label: string }[];
  layout: unknown;
  builtin: boolean;
}

export interface Burden {
  cells: number;
  filled: number;
  derived: number;
  entered: number;
  aggregated: number;
  computed: number;
  to_enter: number;
  unavailable: number;
  filled_share: number | null;
}

export type CellSource = 'derived' | 'entered' | 'aggregated' | 'computed' | 'to_enter' | 'unavailable';

export interface EntryNeeded {
  element: string;
  unit: string;
  period: string;
  entered_by: string;
}

export interface ReportCell {
  value: number | null;
  source: CellSource;
  reporting: number | null;
  to_enter: EntryNeeded[];
}

export interface FilledReport {
  template: ReportTemplate;
  unit: string;
  unit_name: string;
  period: string;
  columns: { label: string; unit: string; period: string }[];
  rows: { item: string; label: string; measure: string; kind: string; cells: ReportCell[] }[];
  burden: Burden;
}

export interface BurdenAnswer {
  unit: string;
  period: string;
  templates: { code: string; name: string; office: string; burden: Burden }[];
  total: Burden;
}

export async function reportTemplates(): Promise<ReportTemplate[]> {
  return (await request<{ templates: ReportTemplate[] }>('/reports')).data.templates;
}

export async function fillReport(code: string, q: { unit?: string; period: string }): Promise<FilledReport> {
  return (await request<FilledReport>(`/reports/${encodeURIComponent(code)}/fill`, { query: { unit: q.unit || undefined, period: q.period } })).data;
}

// The address of the filled template as a file (the server sends it as an
// attachment): a plain link, the session cookie goes with it.
export function reportFileUrl(code: string, q: { unit?: string; period: string }, format: 'csv' | 'xlsx'): string {
  return buildUrl(`/reports/${encodeURIComponent(code)}/fill`, { unit: q.unit || undefined, period: q.period, format });
}

export async function reportBurden(q: { unit?: string; period: string }): Promise<BurdenAnswer> {
  return (await request<BurdenAnswer>('/reports/burden', { query: { unit: q.unit || undefined, period: q.period } })).data;
}

// Scorecards.
export interface ScorecardItem {
  indicator: string;
  weight: number;
  direction: string;
  scoring: string;
  cap: number | null;
  target: number | null;
}

export interface Scorecard {
  code: string;
  name: string;
  description: string;
  builtin: boolean;
  items: ScorecardItem[];
}

export interface RankedUnit {
  rank: number | null;
  unit: string;
  name: string;
  score: number | null;
  previous_score: number | null;
  change: number | null;
  items: { indicator: string; value: number | null; score: number | null; weight: number }[];
  missing: string[];
}

export interface Ranking {
  scorecard: string;
  name: string;
  scope: string;
  level: string;
  period: string;
  previous_period: string;
  units: RankedUnit[];
}

export async function scorecards(): Promise<Scorecard[]> {
  return (await request<{ scorecards: Scorecard[] }>('/scorecards')).data.scorecards;
}

export async function rankScorecard(code: string, q: { unit?: string; level?: string; period: string }): Promise<Ranking> {
  const query = { unit: q.unit || undefined, level: q.level || undefined, period: q.period };
  return (await request<Ranking>(`/scorecards/${encodeURIComponent(code)}/rank`, { query })).data;
}
