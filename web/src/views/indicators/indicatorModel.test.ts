import { describe, expect, it } from 'vitest';
import type { Contribution, IndicatorTable } from '../../api/indicators';
import {
  MISSING_COLOUR,
  VALUE_COLOURS,
  barsOption,
  childValues,
  contributionOption,
  latestPeriod,
  linesOption,
  mapPoints,
  periodsOf,
  pivot,
  rankedRegions,
  scaleLegend,
  scaleOf,
  targetText,
  valueColour,
} from './indicatorModel';

const HAILIAN = '320706006010';
const table: IndicatorTable = {
  scope: HAILIAN,
  periods: ['2026Q1', '2026Q2'],
  columns: [
    { code: 'nursery_places_per_1000', name: '每千人口托位数', measure: 'places per 1000', kind: 'indicator', formula: '1000 * nursery_places / residents', target: { op: '>=', value: 4.5, source: 'norm' } },
  ],
  rows: [
    // The children come first in this answer: the scope must still lead.
    { unit: `${HAILIAN}001`, name: '海连新村', level: 'compound', period: '2026Q1', values: { nursery_places_per_1000: null }, reporting: {}, targets: {} },
    { unit: `${HAILIAN}001`, name: '海连新村', level: 'compound', period: '2026Q2', values: { nursery_places_per_1000: 5 }, reporting: {}, targets: { nursery_places_per_1000: { met: true, gap: 0 } } },
    { unit: HAILIAN, name: '海连社区', level: 'community', period: '2026Q1', values: { nursery_places_per_1000: 3.2 }, reporting: {}, targets: { nursery_places_per_1000: { met: false, gap: 1.3 } } },
    { unit: HAILIAN, name: '海连社区', level: 'community', period: '2026Q2', values: { nursery_places_per_1000: 4.6 }, reporting: {}, targets: { nursery_places_per_1000: { met: true, gap: 0 } } },
  ],
};

describe('periodsOf', () => {
  it('gives the year, its quarters or its months as the API reads them', () => {
    expect(periodsOf(2026, 'year')).toEqual(['2026']);
    expect(periodsOf(2026, 'quarter')).toEqual(['2026Q1', '2026Q2', '2026Q3', '2026Q4']);
    const months = periodsOf(2026, 'month');
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2026-01');
    expect(months[11]).toBe('2026-12');
  });
});

describe('pivot', () => {
  it('puts the scope first, a cell per period, targets flagged, missing as null', () => {
    const p = pivot(table, 'nursery_places_per_1000');
    expect(p.column?.target?.value).toBe(4.5);
    expect(p.units.map((u) => u.unit)).toEqual([HAILIAN, `${HAILIAN}001`]);
    expect(p.units[0]!.scope).toBe(true);
    expect(p.units[0]!.cells['2026Q1']).toEqual({ value: 3.2, met: false, gap: 1.3 });
    expect(p.units[1]!.cells['2026Q1']).toEqual({ value: null, met: null, gap: null });
    expect(childValues(p, '2026Q2')).toEqual([{ unit: `${HAILIAN}001`, name: '海连新村', value: 5 }]);
  });
  it('is empty without an answer, and names no column for an unknown code', () => {
    expect(pivot(null, 'x').units).toEqual([]);
    expect(pivot(table, 'unknown').column).toBeNull();
  });
  it('writes a target as its operator and value', () => {
    expect(targetText({ op: '>=', value: 4.5, source: '' })).toBe('>= 4.5');
    expect(targetText(null)).toBe('');
  });
});

describe('chart options', () => {
  it('draws a line per unit over the periods, keeping gaps, with the target dashed', () => {
    const o = linesOption(pivot(table, 'nursery_places_per_1000')) as { xAxis: { data: string[] }; series: { name: string; data: (number | null)[]; markLine?: { data: { yAxis: number }[] } }[] };
    expect(o.xAxis.data).toEqual(['2026Q1', '2026Q2']);
    expect(o.series.map((s) => s.name)).toEqual(['海连社区', '海连新村']);
    expect(o.series[1]!.data).toEqual([null, 5]);
    expect(o.series[0]!.markLine?.data[0]!.yAxis).toBe(4.5);
  });
  it('draws bars over the child units in one period', () => {
    const o = barsOption(pivot(table, 'nursery_places_per_1000'), '2026Q1') as { xAxis: { data: string[] }; series: { data: (number | null)[] }[] };
    expect(o.xAxis.data).toEqual(['海连新村']);
    expect(o.series[0]!.data).toEqual([null]);
  });
});

describe('the map', () => {
  it('colours by value in five steps, grey when missing', () => {
    const scale = scaleOf([1, null, 5]);
    expect(scale).toEqual({ min: 1, max: 5 });
    expect(valueColour(1, scale)).toBe(VALUE_COLOURS[0]);
    expect(valueColour(5, scale)).toBe(VALUE_COLOURS[4]);
    expect(valueColour(3, scale)).toBe(VALUE_COLOURS[2]);
    expect(valueColour(null, scale)).toBe(MISSING_COLOUR);
    expect(scaleOf([null])).toBeNull();
    expect(valueColour(2, { min: 2, max: 2 })).toBe(VALUE_COLOURS[2]);
    expect(scaleLegend(scale)).toHaveLength(5);
    expect(scaleLegend(scale)[4]!.to).toBe(5);
  });
  it('draws the child units with a centre and names those without', () => {
    const { points, unlocated } = mapPoints(
      [
        { code: 'a', name: 'A', location: { lat: 34.6, lon: 119.17 } },
        { code: 'b', name: 'B', location: null },
        { code: 'c', name: 'C', location: { lat: 34.61, lon: 119.18 } },
      ],
      [
        { unit: 'a', value: 2 },
        { unit: 'b', value: 9 },
      ],
    );
    expect(points.map((p) => p.unit)).toEqual(['a', 'c']);
    expect(points[1]!.value).toBeNull();
    expect(points[1]!.colour).toBe(MISSING_COLOUR);
    expect(unlocated).toEqual(['B']);
  });
});

describe('economy', () => {
  const c: Contribution = {
    series: 'gdp', period: '2024', previous_period: '2023', growth: 'real', national_growth_pct: 5, national_source: '全国',
    regions: [
      { rank: 1, region: '广东', code: '44', level: 140, previous_level: 130, growth_pct: 3.5, contribution_pct: 20, pull_pp: 1 },
      { rank: 2, region: '江苏', code: '32', level: 130, previous_level: 120, growth_pct: 5.8, contribution_pct: 25, pull_pp: 1.2 },
      { rank: 3, region: '西藏', code: '54', level: 2, previous_level: 2, growth_pct: null, contribution_pct: null, pull_pp: null },
    ],
    top: { n: 2, contribution_pct: 45, pull_pp: 2.2, missing: [] },
  };
  it('marks the top N and keeps the rank order', () => {
    expect(rankedRegions(c).map((r) => [r.region, r.top])).toEqual([['广东', true], ['江苏', true], ['西藏', false]]);
    expect(rankedRegions(null)).toEqual([]);
  });
  it('draws the contributions as bars, missing left out as null', () => {
    const o = contributionOption(c, '贡献率') as { series: { data: { value: number | null }[] }[] };
    expect(o.series[0]!.data.map((d) => d.value)).toEqual([20, 25, null]);
  });
  it('opens on the latest period', () => {
    expect(latestPeriod(['2023', '2024'])).toBe('2024');
    expect(latestPeriod([])).toBe('');
  });
});
