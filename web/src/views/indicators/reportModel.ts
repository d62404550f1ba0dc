// The report viewer's, the scorecards' and the value entry's logic, kept out
// of the components so that it can be tested alone: how a filled cell shows
// (its figure, highlighted when someone must enter values, and who), the
// burden as a share, a scorecard's ranking as table rows and a bar chart,
// and a formula error's column. A missing figure is — (never 0).
import type { EChartsCoreOption } from 'echarts/core';
import type { Burden, Ranking, RankedUnit, ReportCell } from '../../api/reports';

const MISSING = '—';

// A figure as the grid shows it: whole numbers with separators, others with
// at most two decimals.
export function figure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export interface CellView {
  text: string;
  kind: 'filled' | 'to_enter' | 'unavailable';
  // For a cell to enter: one line per value needed, "element · unit · period: who".
  who: string[];
}

export function cellView(cell: ReportCell, nobody: string): CellView {
  if (cell.source === 'to_enter') {
    const who = cell.to_enter.map((e) => `${e.element} · ${e.unit} · ${e.period}: ${e.entered_by || nobody}`);
    return { text: figure(cell.value), kind: 'to_enter', who };
  }
  if (cell.source === 'unavailable') return { text: figure(cell.value), kind: 'unavailable', who: [] };
  return { text: figure(cell.value), kind: 'filled', who: [] };
}

// Who has to enter the values of a cell, each name once (for the summary).
export function enterers(cell: ReportCell, nobody: string): string[] {
  return [...new Set(cell.to_enter.map((e) => e.entered_by || nobody))];
}

// The filled share of a burden as a percentage ("—" without cells).
export function shareText(b: Burden | null | undefined): string {
  if (!b || b.filled_share === null) return MISSING;
  return `${(b.filled_share * 100).toFixed(1)}%`;
}

// The period the pages start at: this year.
export function thisYear(now = new Date()): string {
  return String(now.getFullYear());
}

// A scorecard's change as an arrow and the figure.
export function changeText(change: number | null): { arrow: '↑' | '↓' | '→' | ''; text: string } {
  if (change === null || !Number.isFinite(change)) return { arrow: '', text: MISSING };
  const arrow = change > 0 ? '↑' : change < 0 ? '↓' : '→';
  return { arrow, text: (change > 0 ? '+' : '') + change.toFixed(1) };
}

export interface RankRow {
  key: string;
  rank: string;
  unit: string;
  name: string;
  score: string;
  previous: string;
  arrow: string;
  change: string;
  direction: 'up' | 'down' | 'same' | 'none';
  missing: string[];
  items: { indicator: string; value: string; score: string; weight: number; missing: boolean }[];
}

function scoreText(v: number | null): string {
  return v === null || !Number.isFinite(v) ? MISSING : v.toFixed(1);
}

export function rankRows(r: Ranking | null): RankRow[] {
  if (!r) return [];
  return r.units.map((u: RankedUnit) => {
    const c = changeText(u.change);
    const direction = c.arrow === '↑' ? 'up' : c.arrow === '↓' ? 'down' : c.arrow === '→' ? 'same' : 'none';
    const missing = new Set(u.missing);
    return {
      key: u.unit,
      rank: u.rank === null ? MISSING : String(u.rank),
      unit: u.unit,
      name: u.name,
      score: scoreText(u.score),
      previous: scoreText(u.previous_score),
      arrow: c.arrow,
      change: c.text,
      direction,
      missing: u.missing,
      items: u.items.map((i) => ({
        indicator: i.indicator,
        value: figure(i.value),
        score: scoreText(i.score),
        weight: i.weight,
        missing: missing.has(i.indicator) || i.value === null,
      })),
    };
  });
}

// The scores as bars, in rank order (an unscored unit has no bar).
export function scoresOption(r: Ranking | null, label: string): EChartsCoreOption {
  const units = r?.units ?? [];
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 24, top: 24, bottom: 72 },
    xAxis: { type: 'category', data: units.map((u) => u.name), axisLabel: { rotate: 30 } },
    yAxis: { type: 'value', name: label },
    series: [{ type: 'bar', name: label, data: units.map((u) => u.score) }],
  };
}

// "field formula: column 7: unexpected ')'" → {column: 7, reason}; null for
// any other message.
export function formulaError(message: string): { column: number; reason: string } | null {
  const m = /column (\d+): (.*)$/s.exec(message);
  return m ? { column: Number(m[1]), reason: m[2]! } : null;
}

// The value box of the entry dialog: a number, or null for "not known";
// undefined when the text is not a finite number.
export function parseValue(text: string, unknown: boolean): number | null | undefined {
  if (unknown) return null;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}
