import { describe, expect, it } from 'vitest';
import { chooseEdgeFormat, formatEdge } from '../../../src/profile/privacy/coarsen.js';

describe('coarsening numbers', () => {
  it('keeps three digits of a narrow spread far from zero', () => {
    const format = chooseEdgeFormat('number', 3, 52.3, 52.7);
    expect(formatEdge(format, 52.312345)).toBe(52.312);
    expect(formatEdge(format, 52.7)).toBe(52.7);
  });

  it('keeps three significant digits of the value where those are finer', () => {
    const format = chooseEdgeFormat('number', 3, 0.19, 2100);
    expect(formatEdge(format, 0.192421)).toBe(0.192);
    expect(formatEdge(format, 1534.7)).toBe(1530);
  });

  it('rounds whole-number fields to integers and passes zero through', () => {
    const format = { ...chooseEdgeFormat('number', 3, 1990, 2024), integer: true };
    expect(formatEdge(format, 2023.6)).toBe(2024);
    expect(formatEdge(chooseEdgeFormat('number', 3, -1, 1), 0)).toBe(0);
  });
});
