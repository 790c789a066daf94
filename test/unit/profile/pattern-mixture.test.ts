import { describe, expect, it } from 'vitest';
import { compileFieldValue } from '../../../src/generate/values/recipes.js';
import { createPoolRegistry } from '../../../src/generate/values/semantic/pools.js';
import { createAccumulator } from '../../../src/profile/measure/accumulators/index.js';
import { PatternSketch } from '../../../src/profile/measure/pattern/pattern-sketch.js';
import {
  detectSemanticByPatterns,
  isPhoneShape,
} from '../../../src/profile/measure/semantics/pattern-hints.js';
import {
  DEFAULT_PRIVACY,
  filterField,
  hasLiteralAlphanumerics,
} from '../../../src/profile/privacy/privacy.js';
import { chooseRecipe } from '../../../src/profile/write/recipe.js';
import { StreamRandom } from '../../../src/shared/random.js';
import type { FieldTask, GeneratorRecipe } from '../../../src/tasks/types.js';
import { field, type } from './memory-session.js';

/** Phones in three formats: (d) 555-dddd 26%, 0dd-ddddddd 49%, (ddd) 555-dddd 25%; plus one rare format. */
function phones(): string[] {
  const values: string[] = [];
  for (let i = 0; i < 400; i++) {
    const p = i % 100;
    const four = String((i * 7919) % 10000).padStart(4, '0');
    if (p < 26) values.push(`(${1 + (i % 9)}) 555-${four}`);
    else if (p < 75) values.push(`0${10 + (i % 90)}-${String((i * 104729) % 10000000).padStart(7, '0')}`);
    else values.push(`(${100 + ((i * 13) % 900)}) 555-${four}`);
  }
  // Below k: a shape seen 3 times never shows.
  values.push('+99 1234', '+98 1234', '+97 1234');
  return values;
}

function summarize(name: string, values: readonly string[]) {
  const accumulator = createAccumulator(name, type('string', 'text'), DEFAULT_PRIVACY.k);
  for (const value of values) accumulator.add(value);
  return filterField(accumulator.finish(), { path: `public.t.${name}` }, DEFAULT_PRIVACY);
}

function recipeOf(name: string, values: readonly string[]): GeneratorRecipe {
  return chooseRecipe(summarize(name, values), {
    field: field(name, type('string', 'text')),
    keys: [],
    soleKey: false,
    declaredUnique: false,
  });
}

describe('pattern mixtures', () => {
  it('infers the shapes seen at least k times with their shares, and a shape without literals', () => {
    const sketch = new PatternSketch();
    for (const value of phones()) sketch.add(value);
    const mixture = sketch.inferMixture(10);
    expect(mixture.map((entry) => entry.regex)).toEqual([
      '\\([0-9]{1,3}\\) 555-[0-9]{4}',
      '0[0-9]{2}-[0-9]{7}',
    ]);
    expect(mixture.map((entry) => entry.shape)).toEqual([
      '\\([0-9]{1,3}\\) [0-9]{3}-[0-9]{4}',
      '[0-9]{3}-[0-9]{7}',
    ]);
    expect(mixture[0]!.share).toBeCloseTo(204 / 403, 3);
  });

  it('recognises phones written in several formats from their shapes, not dates or decimals', () => {
    expect(isPhoneShape('\\([0-9]{1,3}\\) [0-9]{3}-[0-9]{4}')).toBe(true);
    expect(isPhoneShape('[0-9]{3}-[0-9]{7}')).toBe(true);
    expect(isPhoneShape('\\+[0-9]{2} [0-9]{3} [0-9]{4}')).toBe(true);
    expect(isPhoneShape('[0-9]{4}-[0-9]{2}-[0-9]{2}')).toBe(false);
    expect(isPhoneShape('[0-9]{5,7}\\.[0-9]{2}')).toBe(false);
    expect(isPhoneShape('[A-Z]{2}-[0-9]{7}')).toBe(false);
    const shares = [
      { regex: '', shape: '\\([0-9]{1,3}\\) [0-9]{3}-[0-9]{4}', share: 0.51 },
      { regex: '', shape: '[0-9]{3}-[0-9]{7}', share: 0.49 },
    ];
    expect(detectSemanticByPatterns(shares)).toMatchObject({ type: 'phone', personal: true });
    expect(detectSemanticByPatterns(shares.slice(0, 1))).toBeUndefined();
    // A field whose name says nothing is classified from its formats, and keeps them without literal digits.
    const summary = summarize('contact', phones());
    expect(summary.semantic?.type).toBe('phone');
    expect(summary.personal).toBe(true);
    const patterns = summary.stats.patterns ?? [];
    expect(patterns.map((entry) => entry.regex)).toEqual([
      '\\([0-9]{1,3}\\) [0-9]{3}-[0-9]{4}',
      '[0-9]{3}-[0-9]{7}',
    ]);
    for (const entry of patterns) expect(hasLiteralAlphanumerics(entry.regex)).toBe(false);
    expect(JSON.stringify(summary)).not.toContain('+99');
  });

  it('gives codes of several formats a pattern mixture, and leaves words of several shapes to text', () => {
    const codes = Array.from(
      { length: 300 },
      (_, i) =>
        `${String.fromCharCode(65 + (i % 26), 65 + ((i * 5) % 26))}${i % 100 < 55 ? '-' : ''}${String((i * 3571) % 10000).padStart(4, '0')}`,
    );
    const recipe = recipeOf('code', codes);
    expect(recipe).toMatchObject({
      kind: 'pattern',
      pattern: '[A-Z]{2}-[0-9]{4}',
      mixture: [
        { pattern: '[A-Z]{2}-[0-9]{4}', share: 0.55 },
        { pattern: '[A-Z]{2}[0-9]{4}', share: 0.45 },
      ],
    });
    const words = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta'];
    const titles = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0 ? `${words[i % 8]} ${words[(i * 3) % 8]}` : `${words[i % 8]}${i}`.replace(/\d+/, ''),
    );
    expect(recipeOf('title', titles).kind).not.toBe('pattern');
  });

  it('generates a mixture by its shares', () => {
    const task: FieldTask = {
      name: 'code',
      type: { logical: 'string', native: 'text' },
      nullable: false,
      generator: {
        kind: 'pattern',
        pattern: '[A-Z]{2}-[0-9]{4}',
        mixture: [
          { pattern: '[A-Z]{2}-[0-9]{4}', share: 0.55 },
          { pattern: '[A-Z]{2}[0-9]{4}', share: 0.45 },
        ],
        unique: true,
      },
    };
    const rows = 2000;
    const context = {
      seed: 1,
      key: 3,
      rows,
      pools: createPoolRegistry(1),
      where: 't.code',
      stratified: true,
    };
    const generate = compileFieldValue(task, context, true);
    const random = new StreamRandom();
    const values = Array.from(
      { length: rows },
      (_, index) => generate(random.reset(9, index), index) as string,
    );
    expect(new Set(values).size).toBe(rows);
    expect(values.filter((value) => /^[A-Z]{2}-[0-9]{4}$/.test(value))).toHaveLength(1100);
    expect(values.filter((value) => /^[A-Z]{2}[0-9]{4}$/.test(value))).toHaveLength(900);
  });
});
