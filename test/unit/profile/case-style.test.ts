import { describe, expect, it } from 'vitest';
import { applyCase, classifyCase, dominantCase } from '../../../src/profile/measure/case-style.js';

describe('case styles', () => {
  it('names upper, lower, title and mixed case, and none without cased letters', () => {
    expect(classifyCase('ORLA')).toBe('upper');
    expect(classifyCase('SILVER HARBOUR')).toBe('upper');
    expect(classifyCase('K-123')).toBe('upper');
    expect(classifyCase('jane.doe@example.com')).toBe('lower');
    expect(classifyCase('Silver Harbour')).toBe('title');
    expect(classifyCase("O'Hara")).toBe('title');
    expect(classifyCase('Lord of the Rings')).toBe('title');
    expect(classifyCase('Élodie Müller')).toBe('title');
    expect(classifyCase('McDonald')).toBe('mixed');
    expect(classifyCase('iPhone')).toBe('mixed');
    expect(classifyCase('of the Rings')).toBe('mixed');
    expect(classifyCase('+49 30 1234')).toBeUndefined();
    expect(classifyCase('')).toBeUndefined();
  });

  it('writes text in a style, and finds the dominant one', () => {
    expect(applyCase('silver harbour', 'upper')).toBe('SILVER HARBOUR');
    expect(applyCase('SILVER HARBOUR', 'title')).toBe('Silver Harbour');
    expect(applyCase("o'hara", 'title')).toBe("O'Hara");
    expect(applyCase('McDonald', 'lower')).toBe('mcdonald');
    expect(applyCase('McDonald', 'mixed')).toBe('McDonald');
    expect(dominantCase({ upper: 0.2, title: 0.8 })).toBe('title');
    expect(dominantCase({})).toBeUndefined();
  });
});
