import { describe, expect, it } from 'vitest';
import { ACCESS_COLOURS, accessBreaks, accessColour, MINUTE_COLOURS, minuteColour, minuteLegend, UNREACHABLE_COLOUR } from './mapStyle';

describe('mapStyle', () => {
  it('colours minutes against the threshold and agrees with the legend', () => {
    expect(minuteColour(1, 15)).toBe(MINUTE_COLOURS[0]);
    expect(minuteColour(15, 15)).toBe(MINUTE_COLOURS[2]);
    expect(minuteColour(20, 15)).toBe(MINUTE_COLOURS[3]);
    expect(minuteColour(31, 15)).toBe(MINUTE_COLOURS[4]);
    expect(minuteColour(null, 15)).toBe(UNREACHABLE_COLOUR);
    const legend = minuteLegend(15);
    expect(legend.map((r) => r.to)).toEqual([5, 10, 15, 30, null]);
    for (const m of [2, 7, 12, 25, 40]) {
      const row = legend.find((r) => r.to === null || m <= r.to)!;
      expect(minuteColour(m, 15)).toBe(row.colour);
    }
  });

  it('colours accessibility by quintiles of the homes shown', () => {
    const values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const breaks = accessBreaks(values);
    expect(breaks).toEqual([2, 4, 6, 8]);
    expect(accessColour(0, breaks)).toBe(ACCESS_COLOURS[0]);
    expect(accessColour(9, breaks)).toBe(ACCESS_COLOURS[4]);
    expect(accessBreaks([])).toEqual([0, 0, 0, 0]);
  });
});
