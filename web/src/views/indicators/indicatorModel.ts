// The indicator explorer's and the economy page's logic, kept out of the
// components so that it can be tested alone: the periods of a year at a
// grain, a table answer pivoted to units × periods for one code, the chart
// options (lines over periods, bars over child units, contribution bars, a
// ranking), and the map's colour scale. A missing figure stays null (shown
// as —), never 0.
import type { EChartsCoreOption } from 'echarts/core';
import type { Contribution, IndicatorTable, TableColumn, Target } from '../../api/indicators';

export type Grain = 'year' | 'quarter' | 'month';
export const GRAINS: readonly Grain[] = ['year', 'quarter', 'month'];

// The periods of `year` at `grain`, as the API reads them: "2026";
// "2026Q1".."2026Q4"; "2026-01".."2026-12".
export function periodsOf(year: number, grain: Grain): string[] {
  if (grain === 'year') return [String(year)];
  if (grain === 'quarter') return [1, 2, 3, 4].map((q) => `${year}Q${q}`);
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

export interface PivotCell {
  value: number | null;
  met: boolean | null; // null: no target, or no figure
  gap: number | null;
}

export interface PivotUnit {
  unit: string;
  name: string;
  level: string;
  scope: boolean; // the unit asked for (the others are its children or a level)
  cells: Record<string, PivotCell>; // by period
}

export interface Pivot {
  column: TableColumn | null;
  periods: string[];
  units: PivotUnit[];
}

// One code of a table answer as rows of units (the scope first, then the
// others in the answer's order) with a cell per period.
export function pivot(table: IndicatorTable | null, code: string): Pivot {
  if (!table) return { column: null, periods: [], units: [] };
  const column = table.columns.find((c) => c.code === code) ?? null;
  const byUnit = new Map<string, PivotUnit>();
  for (const row of table.rows) {
    let u = byUnit.get(row.unit);
    if (!u) {
      u = { unit: row.unit, name: row.name, level: row.level, scope: row.unit === table.scope, cells: {} };
      byUnit.set(row.unit, u);
    }
    const value = row.values[code] ?? null;
    const check = row.targets[code];
    u.cells[row.period] = { value, met: check && value !== null ? check.met : null, gap: check && value !== null ? check.gap : null };
  }
  const units = [...byUnit.values()];
  units.sort((a, b) => Number(b.scope) - Number(a.scope));
  return { column, periods: table.periods, units };
}

export function targetText(target: Target | null): string {
  return target ? `${target.op} ${target.value}` : '';
}

// The figures of the units below the scope in one period.
export function childValues(p: Pivot, period: string): { unit: string; name: string; value: number | null }[] {
  return p.units.filter((u) => !u.scope).map((u) => ({ unit: u.unit, name: u.name, value: u.cells[period]?.value ?? null }));
}

function markLine(target: Target | null) {
  return target ? { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#c62828' }, data: [{ yAxis: target.value }] } : undefined;
}

// Lines over the periods: one line per unit (the scope and each unit below).
export function linesOption(p: Pivot): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 56, right: 24, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: p.periods },
    yAxis: { type: 'value', name: p.column?.measure ?? '' },
    series: p.units.map((u, i) => ({
      type: 'line',
      name: u.name,
      connectNulls: false,
      data: p.periods.map((period) => u.cells[period]?.value ?? null),
      lineStyle: u.scope ? { width: 3 } : undefined,
      markLine: i === 0 ? markLine(p.column?.target ?? null) : undefined,
    })),
  };
}

// Bars over the units below the scope in one period, the target dashed.
export function barsOption(p: Pivot, period: string): EChartsCoreOption {
  const rows = childValues(p, period);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 24, top: 24, bottom: 64 },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', name: p.column?.measure ?? '' },
    series: [{ type: 'bar', name: p.column?.name ?? '', data: rows.map((r) => r.value), markLine: markLine(p.column?.target ?? null) }],
  };
}

// The map's sequential colours, light to dark, and the grey of a missing figure.
export const VALUE_COLOURS = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#d94801', '#7f2704'] as const;
export const MISSING_COLOUR = '#bdbdbd';

export interface Scale {
  min: number;
  max: number;
}

export function scaleOf(values: (number | null)[]): Scale | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return null;
  return { min: Math.min(...known), max: Math.max(...known) };
}

// The colour of `value` in five equal steps between the scale's ends.
export function valueColour(value: number | null, scale: Scale | null): string {
  if (value === null || !scale) return MISSING_COLOUR;
  if (scale.max === scale.min) return VALUE_COLOURS[2];
  const step = Math.floor(((value - scale.min) / (scale.max - scale.min)) * VALUE_COLOURS.length);
  return VALUE_COLOURS[Math.min(VALUE_COLOURS.length - 1, Math.max(0, step))] ?? MISSING_COLOUR;
}

// The legend: each colour with the range of values it stands for.
export function scaleLegend(scale: Scale | null): { colour: string; from: number; to: number }[] {
  if (!scale) return [];
  const width = (scale.max - scale.min) / VALUE_COLOURS.length;
  return VALUE_COLOURS.map((colour, i) => ({ colour, from: scale.min + i * width, to: scale.min + (i + 1) * width }));
}

export interface Located {
  code: string;
  name: string;
  location?: { lat: number; lon: number } | null;
}

export interface MapPoint {
  unit: string;
  name: string;
  lat: number;
  lon: number;
  value: number | null;
  colour: string;
}

// The child units with a centre, each with its figure and colour; `unlocated`
// names the others (the map says so).
export function mapPoints(children: Located[], values: { unit: string; value: number | null }[]): { points: MapPoint[]; unlocated: string[]; scale: Scale | null } {
  const byUnit = new Map(values.map((v) => [v.unit, v.value]));
  const scale = scaleOf(children.map((c) => byUnit.get(c.code) ?? null));
  const points: MapPoint[] = [];
  const unlocated: string[] = [];
  for (const c of children) {
    const value = byUnit.get(c.code) ?? null;
    if (!c.location) {
      unlocated.push(c.name);
      continue;
    }
    points.push({ unit: c.code, name: c.name, lat: c.location.lat, lon: c.location.lon, value, colour: valueColour(value, scale) });
  }
  return { points, unlocated, scale };
}

// Economy: the regions of a contribution answer with the top N marked.
export function rankedRegions(c: Contribution | null): (Contribution['regions'][number] & { top: boolean })[] {
  if (!c) return [];
  return c.regions.map((r, i) => ({ ...r, top: i < c.top.n }));
}

// Bars of each region's contribution to the national increase (%), the top N
// in a darker colour.
export function contributionOption(c: Contribution | null, name: string): EChartsCoreOption {
  const rows = rankedRegions(c);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 24, top: 24, bottom: 72 },
    xAxis: { type: 'category', data: rows.map((r) => r.region), axisLabel: { rotate: 45 } },
    yAxis: { type: 'value', name: '%' },
    series: [
      {
        type: 'bar',
        name,
        data: rows.map((r) => ({ value: r.contribution_pct, itemStyle: { color: r.top ? '#1565c0' : '#90caf9' } })),
      },
    ],
  };
}

// A ranking: regions by level, largest on top, as horizontal bars, with the
// growth rate in the tooltip's second series.
export function rankingOption(c: Contribution | null, levelName: string, growthName: string): EChartsCoreOption {
  const rows = rankedRegions(c).slice().reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 96, right: 32, top: 32, bottom: 24 },
    yAxis: { type: 'category', data: rows.map((r) => `${r.rank}. ${r.region}`) },
    xAxis: [
      { type: 'value', name: levelName },
      { type: 'value', name: '%', position: 'top', show: false },
    ],
    series: [
      { type: 'bar', name: levelName, data: rows.map((r) => r.level) },
      { type: 'line', name: growthName, xAxisIndex: 1, data: rows.map((r) => r.growth_pct) },
    ],
  };
}

// The latest period of the series (the one the page opens with).
export function latestPeriod(periods: string[]): string {
  return periods.length === 0 ? '' : [...periods].sort().at(-1)!;
}
