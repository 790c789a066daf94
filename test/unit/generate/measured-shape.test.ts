import { describe, expect, it } from 'vitest';
import { estimateVocabulary } from '../../../src/generate/values/measured-shape.js';
import { compileFieldValue } from '../../../src/generate/values/recipes.js';
import { createPoolRegistry } from '../../../src/generate/values/semantic/pools.js';
import type { BuildContext } from '../../../src/generate/values/value-generator.js';
import { StreamRandom } from '../../../src/shared/random.js';
import type { FieldStats, FieldTask, GeneratorRecipe } from '../../../src/tasks/types.js';

const pools = createPoolRegistry(1);

function generate(
  recipe: GeneratorRecipe,
  stats: FieldStats | undefined,
  rows: number,
  options: { unique?: boolean; stratified?: boolean } = {},
): unknown[] {
  const field: FieldTask = {
    name: 'f',
    type: { logical: 'string', native: 'text' },
    nullable: false,
    generator: recipe,
    ...(stats ? { stats } : {}),
  };
  const context: BuildContext = {
    seed: 1,
    key: 77,
    rows,
    pools,
    where: 't.f',
    stratified: options.stratified ?? false,
  };
  const value = compileFieldValue(field, context, options.unique ?? false);
  const random = new StreamRandom();
  return Array.from({ length: rows }, (_, index) => value(random.reset(5, index), index));
}

const lengthsOf = (values: unknown[]) => values.map((value) => String(value).length).sort((a, b) => a - b);
const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)]!;

describe('semantic values shaped by the measured stats', () => {
  it('follows the measured pattern of a phone field, unique ones included', () => {
    const stats: FieldStats = {
      count: 2000,
      nulls: 0,
      distinct: 2000,
      length: { min: 15, p5: 15, p50: 16, p95: 16, max: 16 },
      pattern: { regex: '\\+[0-9]{1,2} [0-9]{3} [0-9]{3} [0-9]{4}', coverage: 1 },
    };
    const recipe: GeneratorRecipe = { kind: 'semantic', semantic: 'phone', unique: true };
    const values = generate(recipe, stats, 2000, { unique: true });
    expect(values.every((value) => /^\+[0-9]{1,2} [0-9]{3} [0-9]{3} [0-9]{4}$/.test(String(value)))).toBe(
      true,
    );
    expect(new Set(values).size).toBe(2000);
    // The country code's length follows the measured lengths (p50 16), not an even draw of 1 or 2 digits.
    expect(values.filter((value) => String(value).length === 16).length / 2000).toBeGreaterThan(0.6);
  });

  it('keeps the format of its own generator below the pattern coverage threshold', () => {
    const stats: FieldStats = { count: 100, nulls: 0, pattern: { regex: '[0-9]{5}', coverage: 0.5 } };
    const values = generate({ kind: 'semantic', semantic: 'phone' }, stats, 200);
    expect(values.some((value) => String(value).startsWith('+'))).toBe(true);
  });

  it('repeats first names as much as the sample did and fits their lengths', () => {
    const stats: FieldStats = {
      count: 2500,
      nulls: 0,
      distinct: 35,
      length: { min: 3, p5: 3, p50: 5, p95: 6, max: 7 },
    };
    const shaped = generate({ kind: 'semantic', semantic: 'person.first_name' }, stats, 2500);
    expect(new Set(shaped).size).toBeLessThanOrEqual(36);
    expect(new Set(shaped).size).toBeGreaterThan(25);
    const lengths = lengthsOf(shaped);
    expect(median(lengths)).toBe(5);
    expect(lengths.at(-1)).toBeLessThanOrEqual(7);
    const free = generate({ kind: 'semantic', semantic: 'person.first_name' }, undefined, 2500);
    expect(new Set(free).size).toBeGreaterThan(200);
  });

  it('writes free text of the measured lengths', () => {
    const stats: FieldStats = { count: 500, nulls: 0, length: { min: 6, p5: 6, p50: 7, p95: 7, max: 7 } };
    const lengths = lengthsOf(generate({ kind: 'semantic', semantic: 'free_text' }, stats, 500));
    expect(lengths[0]).toBeGreaterThanOrEqual(5);
    expect(lengths.at(-1)).toBeLessThanOrEqual(7);
  });

  it('estimates the vocabulary a sample was drawn from', () => {
    expect(estimateVocabulary({ count: 2500, nulls: 0, distinct: 35 })).toBe(35);
    const size = estimateVocabulary({ count: 400, nulls: 0, distinct: 228 })!;
    expect(size * (1 - Math.exp(-400 / size))).toBeCloseTo(228, 0);
    expect(estimateVocabulary({ count: 1000, nulls: 0, distinct: 990 })).toBeUndefined();
    expect(estimateVocabulary({ count: 1000, nulls: 0 })).toBeUndefined();
  });
});

describe('stratified shares', () => {
  it('give every category its exact share of a dataset field, rare ones included', () => {
    const recipe: GeneratorRecipe = { kind: 'categorical', weights: { a: 0.7, b: 0.25, c: 0.05 } };
    const values = generate(recipe, undefined, 400, { stratified: true });
    const count = (value: string) => values.filter((entry) => entry === value).length;
    expect([count('a'), count('b'), count('c')]).toEqual([280, 100, 20]);
  });

  it('give booleans their exact true share', () => {
    const field: GeneratorRecipe = { kind: 'boolean', true_share: 0.3 };
    const values = generate(field, undefined, 1000, { stratified: true });
    expect(values.filter((value) => value === 'true' || value === true).length).toBe(300);
  });

  it('follows the measured case styles, by their shares', () => {
    const stats: FieldStats = { count: 2000, nulls: 0, case: { upper: 0.7, lower: 0.3 } };
    const values = generate({ kind: 'semantic', semantic: 'address.city' }, stats, 2000) as string[];
    const upper = values.filter((value) => value === value.toUpperCase()).length;
    const lower = values.filter((value) => value === value.toLowerCase()).length;
    expect(upper + lower).toBe(2000);
    expect(Math.abs(upper / 2000 - 0.7)).toBeLessThan(0.04);
    const unique = generate(
      { kind: 'semantic', semantic: 'person.first_name', unique: true },
      { count: 2000, nulls: 0, case: { upper: 1 } },
      2000,
      { unique: true },
    ) as string[];
    expect(unique.every((value) => value === value.toUpperCase())).toBe(true);
    expect(new Set(unique).size).toBe(2000);
  });
});
