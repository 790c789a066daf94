import { describe, expect, it } from 'vitest';
import { compileFieldValue } from '../../../src/generate/values/recipes.js';
import { createPoolRegistry } from '../../../src/generate/values/semantic/pools.js';
import type { BuildContext } from '../../../src/generate/values/value-generator.js';
import { StreamRandom } from '../../../src/shared/random.js';
import type { FieldStats, FieldTask, GeneratorRecipe, TypeTask } from '../../../src/tasks/types.js';

function generate(
  recipe: GeneratorRecipe,
  stats: FieldStats,
  rows: number,
  unique: boolean,
  type: TypeTask = { logical: 'string', native: 'text' },
): string[] {
  const field: FieldTask = { name: 'f', type, nullable: false, generator: recipe, stats };
  const context: BuildContext = {
    seed: 1,
    key: 9,
    rows,
    pools: createPoolRegistry(1),
    where: 't.f',
    stratified: false,
  };
  const value = compileFieldValue(field, context, unique);
  const random = new StreamRandom();
  return Array.from({ length: rows }, (_, index) => String(value(random.reset(3, index), index)));
}

const titles: FieldStats = {
  count: 5000,
  nulls: 0,
  distinct: 5000,
  length: { min: 10, p5: 11, p50: 18, p95: 22, max: 23 },
  classes: ['space', 'upper'],
  case: { upper: 1 },
};

describe('free text of words', () => {
  it('writes unique upper-case titles of real words at the measured lengths, with no digit or full stop', () => {
    const values = generate({ kind: 'text', length: titles.length! }, titles, 5000, true);
    expect(new Set(values).size).toBe(5000);
    for (const value of values) expect(value).toMatch(/^[A-Z]+( [A-Z]+)*$/);
    const lengths = values.map((value) => value.length).sort((a, b) => a - b);
    expect(lengths[2500]).toBeGreaterThanOrEqual(16);
    expect(lengths[2500]).toBeLessThanOrEqual(19);
  });

  it('ends long text in a full stop only when punctuation was measured', () => {
    const prose: FieldStats = { ...titles, length: { min: 40, p50: 90, max: 150 }, case: { lower: 1 } };
    const plain = generate(
      { kind: 'semantic', semantic: 'free_text' },
      { ...prose, classes: ['lower', 'space'] },
      200,
      true,
    );
    for (const value of plain) expect(value).toMatch(/^[a-z ]+$/);
    const punctuated = generate(
      { kind: 'semantic', semantic: 'free_text' },
      { ...prose, classes: ['lower', 'punct', 'space'] },
      200,
      true,
    );
    expect(punctuated.every((value) => value.endsWith('.'))).toBe(true);
  });

  it('spreads a few unique names over the whole word list and joins words as the measured classes allow', () => {
    // Film categories: 16 single words, one with a hyphen (`Sci-Fi`), no space.
    const categories: FieldStats = {
      count: 16,
      nulls: 0,
      distinct: 16,
      length: { min: 3, p5: 5, p50: 6, p95: 10, max: 11 },
      classes: ['lower', 'punct', 'upper'],
      case: { title: 1 },
    };
    const values = generate({ kind: 'text', length: categories.length! }, categories, 16, true);
    expect(new Set(values).size).toBe(16);
    for (const value of values) expect(value).toMatch(/^[A-Za-z]+(-[A-Za-z]+)*$/);
    expect(new Set(values.map((value) => value.slice(0, 2).toLowerCase())).size).toBeGreaterThan(8);
  });

  it('keeps unique short codes unique where words cannot spell the rows', () => {
    const codes: FieldStats = {
      count: 6,
      nulls: 0,
      distinct: 6,
      length: { min: 3, p50: 3, max: 3 },
      classes: ['upper'],
    };
    const type: TypeTask = { logical: 'string', native: 'character(3)', length: 3, fixed_length: true };
    expect(new Set(generate({ kind: 'text', length: codes.length! }, codes, 6, true, type)).size).toBe(6);
    const many = generate(
      { kind: 'text', length: codes.length! },
      { ...codes, count: 5000, distinct: 5000 },
      5000,
      true,
      type,
    );
    expect(new Set(many).size).toBe(5000);
    // Upper-case letters only: the rows are numbered in them, three wide (AAA, AAB, ...).
    expect(many.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
  });

  it('numbers short unique codes of digits in digits (offices 1 to 7)', () => {
    const offices: FieldStats = {
      count: 7,
      nulls: 0,
      distinct: 7,
      length: { min: 1, p5: 1, p50: 1, p95: 1, max: 1 },
      classes: ['digit'],
    };
    const type: TypeTask = { logical: 'string', native: 'varchar(10)', length: 10 };
    expect(generate({ kind: 'text', length: offices.length! }, offices, 7, true, type)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
    ]);
  });
});
