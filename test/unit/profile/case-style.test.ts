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
    // Text of several words that is not mixed is written in sentence case; a single word stays as it is.
    expect(applyCase('protected audio file', 'mixed')).toBe('Protected audio file');
    expect(applyCase('Graham', 'mixed')).toBe('Graham');
    for (const text of ['protected audio file', 'SILVER HARBOUR', 'Silver Harbour'])
      expect(classifyCase(applyCase(text, 'mixed')), text).toBe('mixed');
    expect(dominantCase({ upper: 0.2, title: 0.8 })).toBe('title');
    expect(dominantCase({})).toBeUndefined();
  });

  it('writes title case of ASCII text by its scan exactly as the regular expression does', () => {
    // The general rule: a letter after the start or a non-letter goes upper case, every other letter lower.
    const byExpression = (text: string) =>
      text
        .toLowerCase()
        .replace(
          /(^|[^\p{L}])(\p{L})/gu,
          (_, before: string, letter: string) => before + letter.toUpperCase(),
        );
    const alphabet = "aZ b-'9.\tQx_@ÉéßΣ";
    let state = 7;
    for (let sample = 0; sample < 5000; sample++) {
      let text = '';
      const length = sample % 9;
      for (let i = 0; i < length; i++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        // Half the samples stay ASCII (the scan), the rest may take the expression.
        text += alphabet[state % (sample % 2 === 0 ? 13 : alphabet.length)];
      }
      expect(applyCase(text, 'title')).toBe(byExpression(text));
    }
    expect(applyCase('élan vital', 'title')).toBe('Élan Vital');
  });
});
