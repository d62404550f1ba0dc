// How the planning map colours homes (the accessibility heat layer): by the
// walk to the nearest facility against the threshold, or by accessibility in
// quintiles of the homes shown. Pure, so that the legend and the markers
// agree and tests can check both.

export const UNREACHABLE_COLOUR = '#9e9e9e';

// Minutes to the nearest facility: within a third, two thirds, all of the
// threshold (greens), up to twice it (orange), beyond (red).
export const MINUTE_COLOURS = ['#1a9850', '#66bd63', '#a6d96a', '#fdae61', '#d73027'] as const;

export interface LegendRow {
  colour: string;
  from: number | null; // null: open below / not applicable
  to: number | null; // null: open above
}

export function minuteBreaks(threshold: number): number[] {
  return [threshold / 3, (2 * threshold) / 3, threshold, 2 * threshold];
}

export function minuteColour(minutes: number | null, threshold: number): string {
  if (minutes === null) return UNREACHABLE_COLOUR;
  const breaks = minuteBreaks(threshold);
  for (let i = 0; i < breaks.length; i++) {
    if (minutes <= breaks[i]!) return MINUTE_COLOURS[i]!;
  }
  return MINUTE_COLOURS[MINUTE_COLOURS.length - 1]!;
}

export function minuteLegend(threshold: number): LegendRow[] {
  const breaks = minuteBreaks(threshold);
  return MINUTE_COLOURS.map((colour, i) => ({
    colour,
    from: i === 0 ? 0 : breaks[i - 1]!,
    to: i < breaks.length ? breaks[i]! : null,
  }));
}

// Accessibility: five classes from low (light) to high (dark blue).
export const ACCESS_COLOURS = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'] as const;

// The upper bounds of the first four quintiles of `values` (sorted copies).
export function accessBreaks(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [0, 0, 0, 0];
  return [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

export function accessColour(access: number, breaks: number[]): string {
  for (let i = 0; i < breaks.length; i++) {
    if (access <= breaks[i]!) return ACCESS_COLOURS[i]!;
  }
  return ACCESS_COLOURS[ACCESS_COLOURS.length - 1]!;
}

export function accessLegend(breaks: number[]): LegendRow[] {
  return ACCESS_COLOURS.map((colour, i) => ({
    colour,
    from: i === 0 ? null : breaks[i - 1]!,
    to: i < breaks.length ? breaks[i]! : null,
  }));
}

// A home's marker radius in pixels: grows with the square root of its residents.
export function homeRadius(residents: number): number {
  return Math.max(3, Math.min(12, 2 + Math.sqrt(Math.max(0, residents))));
}
