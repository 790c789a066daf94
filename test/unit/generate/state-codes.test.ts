import { describe, expect, it } from 'vitest';
import { createPools } from '../../../src/generate/values/semantic/pools.js';
import { SEMANTIC_GENERATORS } from '../../../src/generate/values/semantic/semantic-generators.js';
import { createUniqueVocabulary } from '../../../src/generate/values/semantic/unique-vocabulary.js';
import { describeVocabularyShape } from '../../../src/generate/values/semantic/vocabularies.js';
import { StreamRandom } from '../../../src/shared/random.js';
import type { FieldStats } from '../../../src/tasks/types.js';

const twoLetters: FieldStats = { count: 59, nulls: 0, length: { min: 2, p50: 2, p95: 2, max: 2 } };

function lengthsOf(locale: string | undefined, stats: FieldStats | undefined): Set<number> {
  const generate = SEMANTIC_GENERATORS['address.state']({
    pools: createPools(1, locale),
    ...(stats ? { stats } : {}),
  });
  const random = new StreamRandom(7);
  const lengths = new Set<number>();
  for (let index = 0; index < 500; index++)
    lengths.add(String(generate(random.reset(3, index), index, false)).length);
  return lengths;
}

describe('address.state', () => {
  it('gives codes of the measured lengths where the locale mixes two- and three-letter codes', () => {
    // en_AU's codes are NSW, WA, ...: two and three letters.
    expect(
      Math.max(...lengthsOf('en_AU', { ...twoLetters, length: { min: 2, p50: 3, p95: 3, max: 3 } })),
    ).toBe(3);
    for (const locale of ['en_AU', 'en', undefined]) expect([...lengthsOf(locale, twoLetters)]).toEqual([2]);
  });

  it('gives state names when the measured values are longer than codes', () => {
    const long = { ...twoLetters, length: { min: 4, p50: 9, p95: 14, max: 20 } };
    expect(Math.max(...lengthsOf('en', long))).toBeGreaterThan(3);
  });

  it('takes codes too when a small set of states is drawn as a vocabulary', () => {
    const shape = describeVocabularyShape(
      { ...twoLetters, pattern: { regex: '[A-Z]{2}', coverage: 1 } },
      { logical: 'string', native: 'text' },
    );
    const draw = createUniqueVocabulary('address.state', 'en', shape, 5, 9);
    const values = Array.from({ length: 5 }, (_, index) => draw(index));
    expect(values.map((value) => value.length)).toEqual([2, 2, 2, 2, 2]);
  });
});
