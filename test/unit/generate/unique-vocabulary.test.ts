import { allLocales } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { compileFieldValue } from '../../../src/generate/values/recipes.js';
import { createPoolRegistry } from '../../../src/generate/values/semantic/pools.js';
import {
  createUniqueNameParts,
  createUniqueVocabulary,
} from '../../../src/generate/values/semantic/unique-vocabulary.js';
import { countVocabulary, VOCABULARY_SEMANTICS } from '../../../src/generate/values/semantic/vocabularies.js';
import { listVocabularyShortfalls } from '../../../src/generate/values/semantic/vocabulary-shortfalls.js';
import { characterClasses } from '../../../src/profile/measure/pattern/pattern-sketch.js';
import { StreamRandom } from '../../../src/shared/random.js';
import type { FieldStats, FieldTask } from '../../../src/tasks/types.js';
import { profileOf } from './shop-profile.js';

const NAME_STATS: FieldStats = {
  count: 5000,
  nulls: 0,
  distinct: 5000,
  unique: true,
  length: { min: 4, p5: 4, p50: 6, p95: 8, max: 9 },
  pattern: { regex: '[A-Z][a-z]{3,8}', coverage: 1 },
  classes: ['lower', 'upper'],
};

function generateUnique(semantic: string, stats: FieldStats | undefined, rows: number): string[] {
  const field: FieldTask = {
    name: 'f',
    type: { logical: 'string', native: 'text' },
    nullable: false,
    generator: { kind: 'semantic', semantic, unique: true },
    ...(stats ? { stats } : {}),
  };
  const value = compileFieldValue(
    field,
    { seed: 1, key: 99, rows, pools: createPoolRegistry(1), where: 't.f' },
    true,
  );
  const random = new StreamRandom();
  return Array.from({ length: rows }, (_, index) => value(random.reset(3, index), index) as string);
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('unique semantic values from vocabularies', () => {
  it('names carry no row number and never repeat', () => {
    for (const semantic of VOCABULARY_SEMANTICS) {
      const values = generateUnique(semantic, undefined, 3000);
      expect(new Set(values).size, semantic).toBe(values.length);
      if (semantic !== 'address.street')
        expect(
          values.filter((value) => /\d/.test(value)),
          semantic,
        ).toEqual([]);
    }
  });

  it("writes unique streets with the locale's own street names while they last", () => {
    // An English source's streets (1913 Hanoi Way, 37 Oak Street): the measured classes allow any letter.
    const shape = { classes: ['digit', 'lower', 'space', 'upper'], nonAscii: true };
    const english = new Set((allLocales.en.location?.street_name ?? []) as string[]);
    const draw = createUniqueVocabulary('address.street', 'en', shape, 600, 7);
    const values = Array.from({ length: 600 }, (_, index) => draw(index));
    expect(new Set(values).size).toBe(600);
    for (const value of values) expect(english.has(value.replace(/^\d+ /, '')), value).toBe(true);
    // Past the locale's own (999 house numbers by its street names), other locales' names follow.
    const own = countVocabulary('address.street', 'en', shape, 1_000_000);
    expect(own).toBeGreaterThan(999 * english.size);
  });

  it("draws a few repeated countries from the locale's own names, however short the measured ones", () => {
    // classicmodels' offices: USA, USA, USA, France, Japan, Australia, UK (lengths 2 to 9, most of 3).
    const stats: FieldStats = {
      count: 7,
      nulls: 0,
      distinct: 5,
      unique: false,
      length: { min: 2, p5: 2, p50: 3, p95: 8, max: 9 },
      classes: ['lower', 'upper'],
    };
    const field: FieldTask = {
      name: 'country',
      type: { logical: 'string', native: 'varchar', length: 50 },
      nullable: false,
      generator: { kind: 'semantic', semantic: 'address.country' },
      stats,
    };
    const value = compileFieldValue(
      field,
      { seed: 1, key: 7, rows: 50, pools: createPoolRegistry(1), where: 't.country' },
      false,
    );
    const random = new StreamRandom();
    const values = Array.from({ length: 50 }, (_, index) => value(random.reset(3, index), index) as string);
    const english = new Set((allLocales.en.location?.country ?? []).map((name) => name.toLowerCase()));
    expect(values.filter((name) => !english.has(name.toLowerCase()))).toEqual([]);
  });

  it('keeps the measured character classes and length distribution of first names', () => {
    const values = generateUnique('person.first_name', NAME_STATS, 5000);
    expect(new Set(values).size).toBe(5000);
    for (const value of values) expect(characterClasses(value), value).toEqual(['upper', 'lower']);
    const lengths = sorted(values.map((value) => value.length));
    expect(lengths[2500]).toBe(6);
    expect(lengths[250]).toBeGreaterThanOrEqual(4);
    expect(lengths[4750]).toBeLessThanOrEqual(8);
  });

  it('falls back to syllables of letters beyond the vocabulary, still unique and without digits', () => {
    const shape = { classes: ['upper', 'lower'], nonAscii: false, length: NAME_STATS.length! };
    const vocabulary = countVocabulary('person.first_name', undefined, shape);
    const rows = vocabulary + 20_000;
    const draw = createUniqueVocabulary('person.first_name', undefined, shape, rows, 5);
    const values = Array.from({ length: rows }, (_, index) => draw(index));
    expect(new Set(values.map((value) => value.toLowerCase())).size).toBe(rows);
    for (const value of values) expect(value).toMatch(/^[A-Z][A-Za-z]+$/);
  });

  it('gives a full name as its first and last name apart, the same entry as the joined vocabulary', () => {
    const shape = { classes: ['upper', 'lower', 'space'], nonAscii: false };
    const names = createUniqueVocabulary('person.full_name', 'de', shape, 50_000, 17);
    const parts = createUniqueNameParts('de', shape, 50_000, 17);
    for (let index = 0; index < 50_000; index += 97) expect(parts(index).join(' ')).toBe(names(index));
  });

  it('are reported in the plan when the vocabulary runs short', () => {
    const profile = profileOf([
      {
        version: 1,
        dataset: { source: 's', name: 'people', local: 'people', kind: 'table', writable: true, rows: 10 },
        sampling: { method: 'full', rows: 10, seed: 1 },
        fields: [
          {
            name: 'first_name',
            type: { logical: 'string', native: 'text' },
            nullable: false,
            generator: { kind: 'semantic', semantic: 'person.first_name', unique: true },
            stats: NAME_STATS,
          },
        ],
        keys: { unique: [] },
        checks: [],
        indexes: [],
        relations: [],
        rules: [],
      },
    ]);
    const planned = (rows: number) => [{ name: 'people', rows, offset: 0, generate: true }];
    expect(listVocabularyShortfalls(profile, planned(1000))).toEqual([]);
    const [shortfall] = listVocabularyShortfalls(profile, planned(100_000));
    expect(shortfall).toMatchObject({ dataset: 'people', field: 'first_name', rows: 100_000 });
    expect(shortfall!.vocabulary).toBeGreaterThan(5000);
  });
});
