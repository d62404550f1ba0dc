import { describe, expect, it } from 'vitest';
import type { Ranking, ReportCell } from '../../api/reports';
import { cellView, changeText, enterers, figure, formulaError, parseValue, rankRows, scoresOption, shareText } from './reportModel';

const burden = { cells: 10, filled: 7, derived: 5, entered: 1, aggregated: 0, computed: 1, to_enter: 2, unavailable: 1, filled_share: 0.7 };

describe('reportModel', () => {
  it('shows a missing figure as —, never 0', () => {
    expect(figure(null)).toBe('—');
    expect(figure(0)).toBe('0');
    expect(figure(7266)).toBe('7,266');
    expect(figure(3.14159)).toBe('3.14');
  });

  it('highlights a cell to enter and says who enters each value', () => {
    const cell: ReportCell = {
      value: null,
      source: 'to_enter',
      reporting: null,
      to_enter: [
        { element: 'elderly_care_floor_m2', unit: '320706006010', period: '2026', entered_by: '社区工作者' },
        { element: 'x', unit: '320706006010', period: '2026', entered_by: '' },
      ],
    };
    const v = cellView(cell, 'nobody');
    expect(v.kind).toBe('to_enter');
    expect(v.text).toBe('—');
    expect(v.who).toEqual(['elderly_care_floor_m2 · 320706006010 · 2026: 社区工作者', 'x · 320706006010 · 2026: nobody']);
    expect(enterers(cell, 'nobody')).toEqual(['社区工作者', 'nobody']);
    expect(cellView({ value: 12, source: 'derived', reporting: 1, to_enter: [] }, 'n')).toEqual({ text: '12', kind: 'filled', who: [] });
    expect(cellView({ value: null, source: 'unavailable', reporting: null, to_enter: [] }, 'n').kind).toBe('unavailable');
  });

  it('words the burden as a share, — without cells', () => {
    expect(shareText(burden)).toBe('70.0%');
    expect(shareText({ ...burden, cells: 0, filled_share: null })).toBe('—');
  });

  it('gives the change an arrow', () => {
    expect(changeText(2.5)).toEqual({ arrow: '↑', text: '+2.5' });
    expect(changeText(-1)).toEqual({ arrow: '↓', text: '-1.0' });
    expect(changeText(0)).toEqual({ arrow: '→', text: '0.0' });
    expect(changeText(null)).toEqual({ arrow: '', text: '—' });
  });

  it('turns a ranking into rows (unscored last, items missing flagged) and bars', () => {
    const r: Ranking = {
      scorecard: 'governance', name: '基层治理', scope: '320706006', level: 'community', period: '2026', previous_period: '2025',
      units: [
        { rank: 1, unit: 'a', name: 'A', score: 80, previous_score: 70, change: 10, items: [{ indicator: 'i1', value: 5, score: 80, weight: 1 }], missing: [] },
        { rank: null, unit: 'b', name: 'B', score: null, previous_score: null, change: null, items: [{ indicator: 'i1', value: null, score: null, weight: 1 }], missing: ['i1'] },
      ],
    };
    const rows = rankRows(r);
    expect(rows.map((x) => [x.rank, x.score, x.arrow, x.direction])).toEqual([['1', '80.0', '↑', 'up'], ['—', '—', '', 'none']]);
    expect(rows[1]!.items[0]!.missing).toBe(true);
    expect(rows[1]!.missing).toEqual(['i1']);
    const option = scoresOption(r, 'score') as { xAxis: { data: string[] }; series: { data: (number | null)[] }[] };
    expect(option.xAxis.data).toEqual(['A', 'B']);
    expect(option.series[0]!.data).toEqual([80, null]);
    expect(rankRows(null)).toEqual([]);
  });

  it('reads the column of a formula error', () => {
    expect(formulaError("field formula: column 7: unexpected ')'")).toEqual({ column: 7, reason: "unexpected ')'" });
    expect(formulaError('field code: already an element')).toBeNull();
  });

  it('parses a value, null for not known', () => {
    expect(parseValue(' 12.5 ', false)).toBe(12.5);
    expect(parseValue('', true)).toBeNull();
    expect(parseValue('', false)).toBeUndefined();
    expect(parseValue('abc', false)).toBeUndefined();
  });
});
